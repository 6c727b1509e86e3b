import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DETECTORS, scanSecrets } from '../../src/secrets/index.js';
import { Gen, NEGATIVES, POSITIVES } from './helpers.js';

function locate(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - (before.lastIndexOf('\n') + 1) + 1 };
}

test('every detector has a generated positive sample and at least one near miss', () => {
  for (const d of DETECTORS) {
    assert.ok(POSITIVES[d.id], `no positive sample for ${d.id}`);
    assert.ok(NEGATIVES[d.id], `no near miss for ${d.id}`);
  }
  const ids = new Set(DETECTORS.map((d) => d.id));
  assert.equal(ids.size, DETECTORS.length, 'detector ids are unique');
  for (const id of Object.keys(POSITIVES)) assert.ok(ids.has(id), `sample for unknown detector ${id}`);
});

test('at least 40 text detectors, each documented', () => {
  assert.ok(DETECTORS.length >= 40, `${DETECTORS.length} detectors`);
  for (const d of DETECTORS) {
    assert.ok(d.keywords.length > 0, `${d.id} has keywords`);
    for (const k of d.keywords) assert.equal(k, k.toLowerCase(), `${d.id} keyword ${k} is lower case`);
    assert.ok(d.reason.length > 10, `${d.id} has a reason`);
    assert.ok(d.description.length > 3, `${d.id} has a description`);
  }
});

for (const d of DETECTORS) {
  test(`${d.id}: finds generated samples`, () => {
    for (let seed = 1; seed <= 5; seed++) {
      const sample = POSITIVES[d.id](new Gen(seed * 7919 + d.id.length));
      const hits = scanSecrets(sample.text, { path: sample.path, kind: sample.kind });
      const hit = hits.find((h) => h.detector === d.id);
      assert.ok(hit, `seed ${seed}: no ${d.id} hit in ${JSON.stringify(sample.text.slice(0, 200))}; got ${JSON.stringify(hits)}`);
      assert.equal(hit.severity, sample.severity, `seed ${seed}: severity`);
      assert.equal(hit.validated, sample.validated, `seed ${seed}: validated`);
      const where = locate(sample.text, sample.text.indexOf(sample.value));
      assert.deepEqual({ line: hit.line, column: hit.column }, where, `seed ${seed}: position`);
      assert.match(hit.fingerprint, /^sec_[0-9a-f]{32}$/);
      assert.ok(!JSON.stringify(hits).includes(sample.value), `seed ${seed}: value leaked into output`);
    }
  });

  test(`${d.id}: near misses`, () => {
    for (const miss of NEGATIVES[d.id](new Gen(42))) {
      const hits = scanSecrets(miss.text, { path: miss.path ?? 'x', kind: miss.kind });
      if (miss.expect === 'none') {
        assert.deepEqual(hits.filter((h) => h.severity !== 'info'), [], `${miss.name}: expected no finding`);
        assert.equal(hits.filter((h) => h.detector === d.id).length, 0, `${miss.name}: expected no ${d.id} hit`);
      } else {
        const hit = hits.find((h) => h.detector === d.id);
        assert.ok(hit, `${miss.name}: expected an info hit, got ${JSON.stringify(hits)}`);
        assert.equal(hit.severity, 'info', miss.name);
        assert.equal(hits.filter((h) => h.severity !== 'info').length, 0, `${miss.name}: nothing above info`);
      }
    }
  });
}
