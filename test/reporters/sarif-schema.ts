// Validation of SARIF output against the vendored OASIS SARIF 2.1.0 schema, with ajv.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';

/** The repository root: tests run from a build directory, so walk up to our package.json. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && existsSync(path.join(dir, 'test', 'fixtures', 'sarif'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const SCHEMA_PATH = path.join(repoRoot(), 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');

// RFC 3986, loosely: only characters a URI may contain, and %XX escapes that are complete.
const URI_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

let validator: ((data: unknown) => ErrorObject[]) | undefined;

/**
 * The official schema is written for JSON Schema draft-04, whose only differences that matter
 * here are `id` (draft-07: `$id`) and the `$schema` URI; its keywords are otherwise draft-07
 * compatible, so it is loaded into ajv's draft-07 validator with those two adjusted. The three
 * `format`s it uses are checked with small RFC 3986 / RFC 3339 patterns (ajv-formats is not a
 * dependency).
 */
export function validateSarif(data: unknown): ErrorObject[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat('uri', (s: string) => SCHEME.test(s) && URI_CHARS.test(s));
    ajv.addFormat('uri-reference', (s: string) => URI_CHARS.test(s));
    ajv.addFormat('date-time', (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)));
    const validate = ajv.compile(schema);
    validator = (d) => (validate(d) ? [] : [...(validate.errors ?? [])]);
  }
  return validator(data);
}
