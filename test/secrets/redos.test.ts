// Every detector pattern must stay linear-ish on hostile input. Two guards: a structural one
// (no unbounded quantifier anywhere) and a behavioural one (≥100k characters of near-matches
// finish). The time bound is deliberately loose: it only catches exponential blowup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DETECTORS, PLACEHOLDERS, scanSecrets, type TextKind } from '../../src/secrets/index.js';
import { Gen, POSITIVES } from './helpers.js';

const SIZE = 100_000;
const LOOSE_BOUND_MS = 5000;

/** Quantifiers outside character classes that have no upper bound: `*`, `+`, `{n,}`. */
export function unboundedQuantifiers(source: string): string[] {
  const found: string[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*' || c === '+') found.push(`${c} at ${i}`);
    else if (c === '{') {
      const m = /^\{\d+,\}/.exec(source.slice(i));
      if (m) found.push(`${m[0]} at ${i}`);
    }
  }
  return found;
}

test('quantifier scanner spots unbounded repetition', () => {
  assert.deepEqual(unboundedQuantifiers('a{1,3}[+*]\\+'), []);
  assert.equal(unboundedQuantifiers('a+b*c{2,}').length, 3);
});

for (const d of DETECTORS) {
  test(`${d.id}: pattern has only bounded quantifiers`, () => {
    assert.deepEqual(unboundedQuantifiers(d.pattern.source), []);
  });
}

test('placeholder markers have only bounded quantifiers', () => {
  for (const p of PLACEHOLDERS) assert.deepEqual(unboundedQuantifiers(p.test.source), [], p.id);
});

function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / Math.max(1, unit.length)));
}

/** Near-matches built from the detector's own keywords and a generated sample. */
function adversarialInputs(id: string, keywords: readonly string[]): string[] {
  const value = POSITIVES[id](new Gen(99)).value;
  const inputs: string[] = [];
  for (const k of keywords) {
    inputs.push(repeatTo(k, SIZE));
    inputs.push(repeatTo(k.toUpperCase() + ' ', SIZE));
    inputs.push(k + 'A'.repeat(SIZE));
    inputs.push(k + repeatTo('a1-_.', SIZE));
  }
  inputs.push(repeatTo(value, SIZE)); // valid tokens glued together: overlapping candidates
  inputs.push(repeatTo(value.slice(0, -1) + '!', SIZE)); // each one broken at the end
  inputs.push(repeatTo(value.slice(0, Math.floor(value.length / 2)), SIZE)); // half tokens
  inputs.push(repeatTo(`${keywords[0]}=${value.slice(0, 12)}\n`, SIZE));
  return inputs;
}

const KINDS: readonly TextKind[] = ['code', 'env', 'minified'];

for (const d of DETECTORS) {
  test(`${d.id}: ≥100k characters of near-matches finish`, () => {
    const raw = new RegExp(d.pattern.source, d.pattern.flags.replace('g', '') + 'g');
    for (const input of adversarialInputs(d.id, d.keywords)) {
      assert.ok(input.length >= SIZE);
      const started = Date.now();
      // The bare pattern over the whole input: worse than the engine ever runs it.
      let n = 0;
      raw.lastIndex = 0;
      for (let m = raw.exec(input); m && n < SIZE; m = raw.exec(input)) {
        n++;
        if (m[0].length === 0) raw.lastIndex++;
      }
      for (const kind of KINDS) scanSecrets(input, { path: 'adversarial', kind });
      const elapsed = Date.now() - started;
      assert.ok(elapsed < LOOSE_BOUND_MS, `${d.id}: ${elapsed} ms on ${JSON.stringify(input.slice(0, 40))}…`);
    }
  });
}
