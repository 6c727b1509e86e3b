// JUnit XML: one test suite, one test case per rule, so CI test views show which checks failed.
import type { Report, RenderOptions, Reporter, SuppressedFinding } from '../report.js';
import { severityRank, type Finding } from '../types.js';

/**
 * Characters XML 1.0 cannot carry at all (C0 controls but tab, LF and CR; lone surrogates;
 * U+FFFE/U+FFFF). They are replaced by a visible `\uXXXX` so nothing is silently lost.
 */
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function legal(s: string): string {
  return s.replace(ILLEGAL_XML, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Escape for element content. */
export function xmlText(s: string): string {
  return legal(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape for a double-quoted attribute; tab, CR and LF as references so parsers keep them. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function where(f: Finding): string {
  const path = f.path === '' ? '(package)' : f.path;
  if (f.line === undefined) return path;
  return f.column === undefined ? `${path}:${f.line}` : `${path}:${f.line}:${f.column}`;
}

/** `path:line message [evidence: …]`, the body of a failure or a system-out line. */
function describe(f: Finding): string {
  let text = `${where(f)} ${f.message}`;
  if (f.source !== undefined) text += ` (original source: ${f.source})`;
  if (f.evidence !== undefined) text += ` [evidence: ${f.evidence}]`;
  return text;
}

interface Case {
  rule: string;
  failures: Finding[];
  below: Finding[];
  suppressed: SuppressedFinding[];
}

function render(report: Report, options: RenderOptions): string {
  const cases = new Map<string, Case>();
  const caseFor = (rule: string): Case => {
    let c = cases.get(rule);
    if (!c) {
      c = { rule, failures: [], below: [], suppressed: [] };
      cases.set(rule, c);
    }
    return c;
  };
  for (const rule of options.rules) caseFor(rule.id);
  const threshold = severityRank(report.failOn);
  for (const f of report.findings) {
    const c = caseFor(f.rule);
    (severityRank(f.severity) >= threshold ? c.failures : c.below).push(f);
  }
  for (const s of report.suppressed) caseFor(s.finding.rule).suppressed.push(s);

  const all = [...cases.values()];
  const tests = all.length;
  // `failures` counts failed test cases (a case may carry several <failure> elements).
  const failures = all.filter((c) => c.failures.length > 0).length;
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="0"`;
  const classname = xmlAttr(`shipgate.${report.name ?? report.target}`);

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="shipgate" ${counts}>`);
  out.push(`  <testsuite name="shipgate" ${counts}>`);
  out.push('    <properties>');
  for (const [name, value] of suiteProperties(report)) {
    out.push(`      <property name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`);
  }
  out.push('    </properties>');
  for (const c of all) {
    const open = `    <testcase name="${xmlAttr(c.rule)}" classname="${classname}"`;
    if (c.failures.length === 0 && c.below.length === 0 && c.suppressed.length === 0) {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    for (const f of c.failures) {
      const message = xmlAttr(oneLine(`${where(f)}: ${f.message}`));
      out.push(`      <failure type="${f.severity}" message="${message}">${xmlText(describe(f))}</failure>`);
    }
    const lines = [
      ...c.below.map((f) => `${f.severity}: ${describe(f)}`),
      ...c.suppressed.map((s) => `suppressed (${s.reason}): ${s.finding.severity}: ${describe(s.finding)}`),
    ];
    if (lines.length > 0) out.push(`      <system-out>${xmlText(lines.join('\n'))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function suiteProperties(report: Report): Array<[string, string]> {
  const props: Array<[string, string]> = [
    ['shipgate.version', report.tool.version],
    ['target', report.target],
  ];
  if (report.name !== undefined) props.push(['package.name', report.name]);
  if (report.version !== undefined) props.push(['package.version', report.version]);
  if (report.integrity !== undefined) props.push(['package.integrity', report.integrity]);
  props.push(['failOn', report.failOn]);
  props.push(['passed', String(report.passed)]);
  props.push(['suppressed', String(report.suppressed.length)]);
  return props;
}

export const junitReporter: Reporter = { name: 'junit', render };
