/**
 * The report formats of `cdk8s-patterns validate --format`: text, json, junit (one test case per
 * object), sarif (SARIF 2.1.0 for GitHub code scanning) and github (workflow-command
 * annotations). Not part of the jsii API.
 */
import { formatPositioned, PositionedFinding } from '../decode-findings';
import { Severity } from '../finding';
import { ruleInfo, RULES } from '../rules/catalog';

export const FORMATS = ['text', 'json', 'junit', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** An object that was validated (a test case of the junit report). */
export interface ObjectRef {
  readonly file?: string;
  readonly line?: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly objects: number;
  readonly files: number;
}

/** Everything a report shows. */
export interface Report {
  /** Every finding, in input order. */
  readonly findings: readonly PositionedFinding[];
  /** The findings to print (the failures only with --quiet). */
  readonly shown: readonly PositionedFinding[];
  /** The findings at or above --fail-on. */
  readonly failures: readonly PositionedFinding[];
  readonly failOn: Severity;
  readonly summary: Summary;
  /** The validated objects, in input order. */
  readonly objects: readonly ObjectRef[];
}

function summaryLine(r: Report): string {
  const c = r.summary;
  return `${c.errors} error(s), ${c.warnings} warning(s), ${c.infos} info(s) in ${c.objects} object(s) from ${c.files} file(s)`
    + `${r.failures.length > 0 ? `: FAILED (${r.failures.length} at or above ${r.failOn})` : ''}`;
}

/** The report as text in `format`. */
export function render(format: Format, r: Report): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ findings: r.shown, summary: { ...r.summary, failures: r.failures.length } }, undefined, 2)}\n`;
    case 'junit':
      return junit(r);
    case 'sarif':
      return `${JSON.stringify(sarif(r), undefined, 2)}\n`;
    case 'github':
      return `${r.shown.map(github).join('')}${summaryLine(r)}\n`;
    default:
      return `${r.shown.map((f) => `${formatPositioned(f)}\n`).join('')}${summaryLine(r)}\n`;
  }
}

// ---- junit

function xml(s: string): string {
  // XML 1.0 forbids most control characters even as references
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function objectName(o: { kind: string; name: string; namespace?: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** `Kind ns/name path:` before a message (nothing for a file that could not be decoded). */
function subject(f: PositionedFinding): string {
  const path = f.path && !f.message.startsWith('strict decoding error') ? ` ${f.path}` : '';
  return f.kind === '?' && f.name === '?' && !path ? '' : `${objectName(f)}${path}: `;
}

/** The findings of each object (by file and line: an object's findings lie between its start and the next object's). */
function byObject(r: Report): { cases: Array<{ obj: ObjectRef; findings: PositionedFinding[] }>; orphans: PositionedFinding[] } {
  const cases = r.objects.map((obj) => ({ obj, findings: [] as PositionedFinding[] }));
  const perFile = new Map<string, Array<{ obj: ObjectRef; findings: PositionedFinding[] }>>();
  for (const c of cases) {
    const list = perFile.get(c.obj.file ?? '') ?? [];
    list.push(c);
    perFile.set(c.obj.file ?? '', list);
  }
  const orphans: PositionedFinding[] = [];
  for (const f of r.findings) {
    const list = f.column === undefined ? perFile.get(f.file ?? '') ?? [] : [];
    let target: { findings: PositionedFinding[] } | undefined;
    for (const c of list) {
      if ((c.obj.line ?? 0) <= (f.line ?? 0)) {
        target = c;
      }
    }
    (target?.findings ?? orphans).push(f);
  }
  return { cases, orphans };
}

function junit(r: Report): string {
  const failing = new Set(r.failures);
  const { cases, orphans } = byObject(r);
  const suites = new Map<string, string[]>();
  let failures = 0;
  const add = (file: string, name: string, line: number | undefined, findings: PositionedFinding[]) => {
    const failed = findings.filter((f) => failing.has(f));
    const other = findings.filter((f) => !failing.has(f));
    failures += failed.length > 0 ? 1 : 0;
    const body = [
      ...failed.length > 0 ? [`      <failure message="${xml(`${failed.length} finding(s) at or above ${r.failOn}: ${[...new Set(failed.map((f) => f.ruleId))].join(', ')}`)}" `
        + `type="${xml(failed[0].ruleId)}">${xml(failed.map(formatPositioned).join('\n'))}</failure>`] : [],
      ...other.length > 0 ? [`      <system-out>${xml(other.map(formatPositioned).join('\n'))}</system-out>`] : [],
    ];
    const attrs = `name="${xml(name)}" classname="${xml(file)}" file="${xml(file)}"${line !== undefined ? ` line="${line}"` : ''}`;
    const list = suites.get(file) ?? [];
    list.push(body.length > 0 ? `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>` : `    <testcase ${attrs}/>`);
    suites.set(file, list);
  };
  for (const c of cases) {
    add(c.obj.file ?? '', `${objectName(c.obj)}${c.obj.line !== undefined ? ` (line ${c.obj.line})` : ''}`, c.obj.line, c.findings);
  }
  for (const f of orphans) {
    add(f.file ?? '', `${f.file ?? ''}${f.line !== undefined ? `:${f.line}${f.column !== undefined ? `:${f.column}` : ''}` : ''} (${f.ruleId})`, f.line, [f]);
  }
  const total = [...suites.values()].reduce((n, l) => n + l.length, 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="cdk8s-patterns validate" tests="${total}" failures="${failures}" errors="0">`];
  for (const [file, list] of suites) {
    const suiteFailures = list.filter((t) => t.includes('<failure ')).length;
    out.push(`  <testsuite name="${xml(file)}" tests="${list.length}" failures="${suiteFailures}" errors="0" skipped="0">`, ...list, '  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

// ---- sarif

const SARIF_LEVEL: Record<Severity, string> = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'note' };

function sarif(r: Report): object {
  const used = new Set(r.shown.map((f) => f.ruleId));
  const rules = RULES.filter((rule) => used.has(rule.id));
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-patterns',
          rules: rules.map((rule) => ({
            id: rule.id,
            shortDescription: { text: rule.summary },
            fullDescription: { text: `${rule.summary}${rule.source ? ` (follows ${rule.source})` : ''}` },
            help: { text: rule.fix || rule.summary, markdown: `**${rule.id}**: ${rule.summary}\n\nFix: ${rule.fix || 'see docs/validation.md'}` },
            defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
            properties: { layer: rule.layer, tags: [rule.layer] },
          })),
        },
      },
      results: r.shown.map((f) => {
        const region: Record<string, number> = {};
        if (f.line !== undefined) region.startLine = f.line;
        if (f.column !== undefined) region.startColumn = f.column;
        return {
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: SARIF_LEVEL[f.severity],
          message: { text: `${subject(f)}${f.message}${f.fix && f.fix !== ruleInfo(f.ruleId).fix ? ` (fix: ${f.fix})` : ''}` },
          locations: f.file ? [{
            physicalLocation: {
              artifactLocation: { uri: encodeURI(f.file.split('\\').join('/')), uriBaseId: '%SRCROOT%' },
              ...Object.keys(region).length > 0 ? { region } : {},
            },
          }] : [],
          properties: { kind: f.kind, name: f.name, ...f.namespace ? { namespace: f.namespace } : {}, path: f.path },
        };
      }),
    }],
  };
}

// ---- github

const GITHUB_LEVEL: Record<Severity, string> = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'notice' };

function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function github(f: PositionedFinding): string {
  const props = [
    ...f.file ? [`file=${ghProperty(f.file.split('\\').join('/'))}`] : [],
    ...f.line !== undefined ? [`line=${f.line}`] : [],
    ...f.column !== undefined ? [`col=${f.column}`] : [],
    `title=${ghProperty(f.ruleId)}`,
  ];
  return `::${GITHUB_LEVEL[f.severity]} ${props.join(',')}::${ghData(`${subject(f)}${f.message}${f.fix ? `\nfix: ${f.fix}` : ''}`)}\n`;
}
