import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../src/rules/index.js';

describe('every rule is documented', () => {
  for (const rule of RULES) {
    it(`${rule.id}: docs/rules/${rule.id}.md exists, names the rule and says how to fix`, () => {
      const page = path.join(process.cwd(), 'docs', 'rules', `${rule.id}.md`);
      assert.ok(existsSync(page), `missing ${page}`);
      const text = readFileSync(page, 'utf8');
      assert.match(text, new RegExp(`^# \`${rule.id}\``, 'm'));
      assert.match(text, /fix/i);
      assert.ok(rule.rationale.length > 20 && !rule.rationale.includes('\n'), 'one-line rationale');
    });
  }
});
