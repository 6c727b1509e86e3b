// SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).
// Shaped to pass both the OASIS schema and GitHub's ingestion rules: relative URIs, a region
// with startLine >= 1 on every result, stable partialFingerprints, at most 25,000 results.
import type { Report, RenderOptions, Reporter, RuleDescriptor } from '../report.js';
import type { Finding, Severity } from '../types.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const INFORMATION_URI = 'https://github.com/shipgate/shipgate';

/** GitHub rejects a run with more results than this. */
export const SARIF_MAX_RESULTS = 25_000;

/** Key under `partialFingerprints`; bump the version if the fingerprint recipe ever changes. */
export const FINGERPRINT_KEY = 'shipgateFingerprint/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS = { error: 'error', warning: 'warning', info: 'note' } as const satisfies Record<
  Severity,
  SarifLevel
>;

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifRule {
  id: string;
  name?: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

interface SarifRegion {
  startLine: number;
  startColumn?: number;
}

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string };
    region: SarifRegion;
  };
  logicalLocations?: Array<{ name: string; fullyQualifiedName: string; kind: string }>;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: [SarifLocation];
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: 'external'; status: 'accepted'; justification: string; properties?: { until: string } }>;
  properties?: { evidence?: string; source?: string; archiveMember?: string };
}

/** Where a finding points, split for SARIF: the file in the package and, for nested members, the member. */
export interface SarifTarget {
  /** Percent-encoded relative URI of the file inside the package. */
  uri: string;
  /** The path inside a nested archive (`x/y` of `a.zip!x/y`), if any. */
  member?: string;
  /** Set when the path could not be used as a relative URI and `package.json` stands in for it. */
  unusablePath?: string;
}

/**
 * Map a finding path to a relative URI. Nested members (`a.zip!x/y`) keep the outer archive as
 * the URI and move the member to a logical location, because `!` paths are not files a code
 * scanning UI can open. Paths that are empty, absolute or climb out with `..` use `package.json`.
 */
export function sarifTarget(path: string): SarifTarget {
  const bang = path.indexOf('!');
  const outer = bang < 0 ? path : path.slice(0, bang);
  const member = bang < 0 ? undefined : path.slice(bang + 1);
  const segments = outer.split('/').filter((s) => s !== '' && s !== '.');
  const unsafe = outer.startsWith('/') || /^[A-Za-z]:/.test(outer) || segments.includes('..');
  if (segments.length === 0 || unsafe) {
    return { uri: 'package.json', member, unusablePath: outer === '' ? undefined : path };
  }
  return { uri: segments.map(encodeSegment).join('/'), member };
}

// encodeURIComponent leaves `!'()*` alone; all are legal in a URI path, so that is fine.
function encodeSegment(segment: string): string {
  return encodeURIComponent(toWellFormed(segment));
}

/** Replace lone surrogates, which encodeURIComponent refuses (and JSON consumers dislike). */
function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function ruleDescriptor(rule: RuleDescriptor): SarifRule {
  const rationale = rule.rationale.trim() || rule.id;
  return {
    id: rule.id,
    ...nameFor(rule.id),
    shortDescription: { text: firstSentence(rationale) },
    fullDescription: { text: rationale },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    help: {
      text: rule.helpUri ? `${rationale}\n\nDocumentation: ${rule.helpUri}` : rationale,
      markdown: rule.helpUri ? `${rationale}\n\n[Rule documentation](${rule.helpUri})` : rationale,
    },
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
    properties: { tags: ['shipgate', 'npm-package'] },
  };
}

/** A rule id a finding used that the registry did not describe (kept so ruleIndex stays valid). */
function undescribedRule(id: string, severity: Severity): SarifRule {
  const text = `Findings of the shipgate rule ${id}.`;
  return {
    id,
    ...nameFor(id),
    shortDescription: { text },
    fullDescription: { text },
    help: { text, markdown: text },
    defaultConfiguration: { level: LEVELS[severity] },
    properties: { tags: ['shipgate', 'npm-package'] },
  };
}

/** SARIF's "friendly name": a Pascal-case identifier (`source-maps` → `SourceMaps`). */
export function friendlyName(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  return /^[A-Za-z]/.test(name) ? name : `Rule${name}`;
}

// SARIF: when `name` would equal `id` (ignoring case) it must be left out.
function nameFor(id: string): { name?: string } {
  const name = friendlyName(id);
  return name.toLowerCase() === id.toLowerCase() ? {} : { name };
}

function firstSentence(text: string): string {
  const line = text.split('\n')[0];
  const end = line.search(/[.!?](\s|$)/);
  return end < 0 ? line : line.slice(0, end + 1);
}

function positive(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1;
}

function resultFor(finding: Finding, ruleIndex: number, suppression?: { reason: string; until?: string }): SarifResult {
  const target = sarifTarget(finding.path);
  // A region is always present: GitHub places results by startLine; 1 stands for "the whole file".
  // Line and column of a nested member do not apply to the outer archive, so they go to the message.
  const region: SarifRegion = { startLine: 1 };
  if (target.member === undefined && positive(finding.line)) {
    region.startLine = finding.line;
    if (positive(finding.column)) region.startColumn = finding.column;
  }
  const location: SarifLocation = {
    physicalLocation: { artifactLocation: { uri: target.uri }, region },
  };
  if (target.member !== undefined) {
    const name = target.member.split('/').filter(Boolean).pop() ?? target.member;
    location.logicalLocations = [{ name, fullyQualifiedName: finding.path, kind: 'resource' }];
  }

  const result: SarifResult = {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: messageText(finding, target) },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
  };
  const properties: NonNullable<SarifResult['properties']> = {};
  if (finding.evidence !== undefined) properties.evidence = finding.evidence;
  if (finding.source !== undefined) properties.source = finding.source;
  if (target.member !== undefined) properties.archiveMember = finding.path;
  if (Object.keys(properties).length > 0) result.properties = properties;
  if (suppression) {
    result.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: suppression.reason,
        ...(suppression.until ? { properties: { until: suppression.until } } : {}),
      },
    ];
  }
  return result;
}

function messageText(finding: Finding, target: SarifTarget): string {
  let text = finding.message.trim() || finding.rule;
  if (target.member !== undefined) {
    const at = positive(finding.line) ? `:${finding.line}${positive(finding.column) ? `:${finding.column}` : ''}` : '';
    text += ` (in archive member ${finding.path}${at})`;
  } else if (target.unusablePath !== undefined) {
    text += ` (entry path: ${target.unusablePath})`;
  }
  if (finding.source !== undefined) text += ` (original source: ${finding.source})`;
  if (finding.evidence !== undefined) text += ` (evidence: ${finding.evidence})`;
  return text;
}

function render(report: Report, options: RenderOptions): string {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  for (const rule of options.rules) {
    if (ruleIndex.has(rule.id)) continue;
    ruleIndex.set(rule.id, rules.length);
    rules.push(ruleDescriptor(rule));
  }
  const indexOf = (finding: Finding): number => {
    let index = ruleIndex.get(finding.rule);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(finding.rule, index);
      rules.push(undescribedRule(finding.rule, finding.severity));
    }
    return index;
  };

  const all: SarifResult[] = [
    ...report.findings.map((f) => resultFor(f, indexOf(f))),
    ...report.suppressed.map((s) => resultFor(s.finding, indexOf(s.finding), s)),
  ];
  // Findings come most severe first and suppressed ones last, so truncation drops the least useful.
  const results = all.slice(0, SARIF_MAX_RESULTS);
  const omitted = all.length - results.length;

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'shipgate',
        informationUri: INFORMATION_URI,
        version: report.tool.version,
        rules,
      },
    },
    columnKind: 'utf16CodeUnits',
    results,
    properties: runProperties(report),
  };
  if (omitted > 0) {
    run.invocations = [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: {
              text: `${omitted} of ${all.length} results were left out: GitHub code scanning accepts at most ${SARIF_MAX_RESULTS} per run. Use --format json for all of them.`,
            },
          },
        ],
      },
    ];
  }

  const log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function runProperties(report: Report): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    target: report.target,
    passed: report.passed,
    failOn: report.failOn,
    summary: report.summary,
  };
  if (report.name !== undefined) properties.packageName = report.name;
  if (report.version !== undefined) properties.packageVersion = report.version;
  if (report.integrity !== undefined) properties.integrity = report.integrity;
  return { shipgate: properties };
}

export const sarifReporter: Reporter = { name: 'sarif', render };
