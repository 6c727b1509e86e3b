// Reads shipgate.config.json (or package.json#shipgate) from the user's directory, never from the
// artifact under inspection: a tarball must not be able to allowlist itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ShipgateError } from '../errors.js';
import { RULE_IDS } from '../rules/index.js';
import { DEFAULT_FORBIDDEN_PATHS } from './forbidden-paths.js';
import { shipgateRoot } from '../util/package-root.js';
import { parseBytes } from '../util/format.js';
import { defaultConfig, type ShipgateConfig } from './config.js';
import { requireCjs } from '../util/lazy.js';

const { Ajv } = requireCjs<typeof AjvModule>('ajv');

export const CONFIG_FILE = 'shipgate.config.json';

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(path.join(shipgateRoot().dir, 'schema', 'config.schema.json'), 'utf8')) as object;
  validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(top level)';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: unknown property "${String(e.params.additionalProperty)}"`;
    case 'enum':
      return `${where} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `${where}: missing "${String(e.params.missingProperty)}"`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

/** The config file as the JSON Schema allows it (sizes may still be strings like "10 MB"). */
interface RawConfig {
  failOn?: ShipgateConfig['failOn'];
  sourceMaps?: ShipgateConfig['sourceMaps'];
  rules?: ShipgateConfig['rules'];
  allow?: ShipgateConfig['allow'];
  forbiddenPaths?: { rows?: ShipgateConfig['forbiddenPaths']['rows']; add?: ShipgateConfig['forbiddenPaths']['add'] };
  size?: Record<string, string | number>;
  baseline?: Record<string, string | number>;
  limits?: Record<string, string | number>;
  registries?: string[];
}

export interface LoadedConfig {
  config: ShipgateConfig;
  /** File the config came from, or undefined for defaults. */
  origin?: string;
}

/** Load config for `dir`: `--config FILE` if given, else dir/shipgate.config.json, else dir/package.json#shipgate. */
export function loadConfig(dir: string, explicit?: string): LoadedConfig {
  if (explicit) return { config: fromFile(explicit, false), origin: explicit };
  const file = path.join(dir, CONFIG_FILE);
  const text = readIfExists(file);
  if (text !== undefined) return { config: fromText(text, file), origin: file };
  const pj = readIfExists(path.join(dir, 'package.json'));
  if (pj !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(pj);
    } catch {
      parsed = undefined; // the package's own manifest errors are reported by the manifest rule
    }
    const section = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).shipgate : undefined;
    if (section !== undefined) {
      const origin = `${path.join(dir, 'package.json')}#shipgate`;
      return { config: fromObject(section, origin), origin };
    }
  }
  return { config: defaultConfig() };
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw new ShipgateError('ECONFIG', `cannot read ${file}: ${(e as Error).message}`);
  }
}

function fromFile(file: string, optional: boolean): ShipgateConfig {
  const text = readIfExists(file);
  if (text === undefined) {
    if (optional) return defaultConfig();
    throw new ShipgateError('ECONFIG', `config file ${file} does not exist`, 'check the --config path');
  }
  return fromText(text, file);
}

function fromText(text: string, origin: string): ShipgateConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ShipgateError('ECONFIG', `${origin} is not valid JSON: ${(e as Error).message}`, 'fix the syntax (JSON allows no comments or trailing commas)');
  }
  return fromObject(parsed, origin);
}

/** Validate a config object against the shipped JSON Schema and merge it over the defaults. */
export function fromObject(value: unknown, origin = 'config'): ShipgateConfig {
  const validate = schemaValidator();
  if (!validate(value)) {
    const problems = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' || validate.errors!.length === 1).map(describe);
    throw new ShipgateError('ECONFIG', `${origin}: ${[...new Set(problems)].slice(0, 5).join('; ')}`, 'see schema/config.schema.json or docs/configuration.md');
  }
  const v = value as RawConfig; // the schema above guarantees this shape
  const config = defaultConfig();
  config.origin = origin;
  if (v.failOn) config.failOn = v.failOn;
  if (v.sourceMaps) config.sourceMaps = v.sourceMaps;
  if (v.rules) {
    for (const id of Object.keys(v.rules)) {
      if (!RULE_IDS.includes(id)) throw new ShipgateError('ECONFIG', `${origin}: /rules has unknown rule id "${id}"`, `known rules: ${RULE_IDS.join(', ')}`);
    }
    config.rules = { ...v.rules };
  }
  if (v.allow) config.allow = v.allow;
  if (v.forbiddenPaths) {
    const rows = v.forbiddenPaths.rows ?? {};
    const known = DEFAULT_FORBIDDEN_PATHS.map((r) => r.id);
    for (const id of Object.keys(rows)) {
      if (!known.includes(id)) throw new ShipgateError('ECONFIG', `${origin}: /forbiddenPaths/rows has unknown row id "${id}"`, `known rows: ${known.join(', ')}`);
    }
    config.forbiddenPaths = { rows, add: v.forbiddenPaths.add ?? [] };
  }
  const bytes = (where: string, x: unknown): number => {
    const n = parseBytes(x as string | number);
    if (n === undefined) throw new ShipgateError('ECONFIG', `${origin}: ${where} is not a size ("${String(x)}")`, 'use a number of bytes or a string like "10 MB"');
    return n;
  };
  if (v.size) {
    for (const [k, x] of Object.entries(v.size)) (config.size as unknown as Record<string, number>)[k] = bytes(`/size/${k}`, x);
  }
  if (v.baseline) {
    for (const [k, x] of Object.entries(v.baseline)) {
      (config.baseline as unknown as Record<string, number>)[k] = /Bytes$/.test(k) ? bytes(`/baseline/${k}`, x) : (x as number);
    }
  }
  if (v.limits) {
    for (const [k, x] of Object.entries(v.limits)) {
      (config.limits as unknown as Record<string, number>)[k] = /Bytes$/.test(k) ? bytes(`/limits/${k}`, x) : (x as number);
    }
  }
  if (v.registries) config.registries = v.registries;
  return config;
}
