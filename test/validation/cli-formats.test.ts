/**
 * The report formats CI systems read (`--format junit|sarif|github`), the pre-commit hook, and the
 * CLI's manners (progress on a terminal only, nothing else with --quiet / --format json).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CliIo, runCli } from '../../src/validation/cli';
import { RULES } from '../../src/validation/rules/catalog';

const APP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Name
  namespace: prod
data:
  a: "1"
  a: "2"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ok
`;

const NAME_MESSAGE = 'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', '
  + 'and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is '
  + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
const NAME_FIX = 'use lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
const DUP_MESSAGE = 'duplicate key "a" (line 7 and line 8): kubectl keeps the value of line 8 and ignores line 7';
const DUP_FIX = 'remove one of the two keys (the first one has no effect)';
const BROKEN_MESSAGE = 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-formats-'));
  fs.writeFileSync(path.join(dir, 'app.yaml'), APP);
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'a: [\n');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], extra: Partial<CliIo> = {}): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, ...extra });
  return { code, out, err };
}

describe('--format junit', () => {
  test('one test case per object, failures as failures, other findings as output; an unreadable file is a failing test case', () => {
    const r = run(['validate', '--format', 'junit', 'app.yaml', 'broken.yaml']);

    expect(r.code).toBe(1);
    expect(r.out).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="cdk8s-patterns validate" tests="3" failures="2" errors="0">',
      '  <testsuite name="app.yaml" tests="2" failures="1" errors="0" skipped="0">',
      '    <testcase name="ConfigMap prod/Bad_Name (line 1)" classname="app.yaml" file="app.yaml" line="1">',
      '      <failure message="1 finding(s) at or above error: META-NAME-SUBDOMAIN" type="META-NAME-SUBDOMAIN">'
        + `app.yaml:4: error META-NAME-SUBDOMAIN ConfigMap prod/Bad_Name metadata.name: ${NAME_MESSAGE.replace(/"/g, '&quot;')}`,
      `    fix: ${NAME_FIX}</failure>`,
      `      <system-out>app.yaml:8: warning YAML-DUPLICATE-KEY ConfigMap prod/Bad_Name data[a]: ${DUP_MESSAGE.replace(/"/g, '&quot;')}`,
      `    fix: ${DUP_FIX}</system-out>`,
      '    </testcase>',
      '    <testcase name="ConfigMap ok (line 10)" classname="app.yaml" file="app.yaml" line="10"/>',
      '  </testsuite>',
      '  <testsuite name="broken.yaml" tests="1" failures="1" errors="0" skipped="0">',
      '    <testcase name="broken.yaml:2:1 (YAML-INVALID)" classname="broken.yaml" file="broken.yaml" line="2">',
      `      <failure message="1 finding(s) at or above error: YAML-INVALID" type="YAML-INVALID">broken.yaml:2:1: error YAML-INVALID ? ? ${BROKEN_MESSAGE}</failure>`,
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'));
  });

  test('XML special and control characters are escaped', () => {
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a<b>&\\u0001"\n');
    const r = run(['validate', '--format', 'junit', 'x.yaml']);

    expect(r.out).toContain('<testcase name="ConfigMap a&lt;b&gt;&amp;\ufffd (line 1)"');
    expect(r.out).not.toMatch(/[\u0001]/);
  });
});

describe('--format github', () => {
  test('workflow-command annotations with file, line, column and the rule as title; the summary last', () => {
    const r = run(['validate', '--format', 'github', 'app.yaml', 'broken.yaml']);

    expect(r.code).toBe(1);
    expect(r.out).toBe(`::warning file=app.yaml,line=8,title=YAML-DUPLICATE-KEY::ConfigMap prod/Bad_Name data[a]: ${DUP_MESSAGE}%0Afix: ${DUP_FIX}\n`
      + `::error file=app.yaml,line=4,title=META-NAME-SUBDOMAIN::ConfigMap prod/Bad_Name metadata.name: ${NAME_MESSAGE}%0Afix: ${NAME_FIX}\n`
      + `::error file=broken.yaml,line=2,col=1,title=YAML-INVALID::${BROKEN_MESSAGE}\n`
      + '2 error(s), 1 warning(s), 0 info(s) in 2 object(s) from 2 file(s): FAILED (2 at or above error)\n');
  });

  test('infos are notices; --quiet prints failures only', () => {
    fs.writeFileSync(path.join(dir, 'cr.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    expect(run(['validate', '--format', 'github', 'cr.yaml']).out).toBe('::notice file=cr.yaml,line=1,title=SCHEMA-UNKNOWN-KIND::'
      + 'Widget w: no 1.27 schema for example.com/v1/Widget; only metadata was checked%0Afix: if this is a built-in kind, check the apiVersion (e.g. apps/v1 for Deployment)\n'
      + '0 error(s), 0 warning(s), 1 info(s) in 1 object(s) from 1 file(s)\n');
    expect(run(['validate', '--format', 'github', '--quiet', 'cr.yaml']).out).toBe('0 error(s), 0 warning(s), 1 info(s) in 1 object(s) from 1 file(s)\n');
  });

  test('property values escape , and : and data escapes newlines and %', () => {
    fs.mkdirSync(path.join(dir, 'a,b:c'));
    fs.writeFileSync(path.join(dir, 'a,b:c', 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "100%"\n');
    const r = run(['validate', '--format', 'github', '--quiet', 'a,b:c']);

    expect(r.out.split('\n')[0]).toMatch(/^::error file=a%2Cb%3Ac\/x\.yaml,line=4,title=META-NAME-SUBDOMAIN::ConfigMap 100%25 metadata\.name: Invalid value: "100%25": /);
  });
});

describe('--format sarif', () => {
  test('SARIF 2.1.0 with the metadata of the rules used, levels, messages and physical locations', () => {
    const r = run(['validate', '--format', 'sarif', 'app.yaml', 'broken.yaml']);

    expect(r.code).toBe(1);
    const log = JSON.parse(r.out);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('cdk8s-patterns');
    // the rules used, in catalog order
    const ids = RULES.map((rule) => rule.id).filter((id) => ['META-NAME-SUBDOMAIN', 'YAML-INVALID', 'YAML-DUPLICATE-KEY'].includes(id));
    expect(driver.rules.map((rule: any) => rule.id)).toEqual(ids);
    const dup = driver.rules.find((rule: any) => rule.id === 'YAML-DUPLICATE-KEY');
    expect(dup).toEqual({
      id: 'YAML-DUPLICATE-KEY',
      shortDescription: { text: 'a key appears twice in one mapping; kubectl keeps the last value and silently drops the first' },
      fullDescription: {
        text: 'a key appears twice in one mapping; kubectl keeps the last value and silently drops the first (follows gopkg.in/yaml.v2 v2.4.0 '
          + 'decoder.mapping (non-strict: the last key wins), as used by sigs.k8s.io/yaml YAMLToJSON)',
      },
      help: {
        text: DUP_FIX,
        markdown: `**YAML-DUPLICATE-KEY**: a key appears twice in one mapping; kubectl keeps the last value and silently drops the first\n\nFix: ${DUP_FIX}`,
      },
      defaultConfiguration: { level: 'warning' },
      properties: { layer: 'schema', tags: ['schema'] },
    });
    const results = log.runs[0].results;
    expect(results.map((x: any) => [x.ruleId, driver.rules[x.ruleIndex].id, x.level, x.locations[0].physicalLocation.region])).toEqual([
      ['YAML-DUPLICATE-KEY', 'YAML-DUPLICATE-KEY', 'warning', { startLine: 8 }],
      ['META-NAME-SUBDOMAIN', 'META-NAME-SUBDOMAIN', 'error', { startLine: 4 }],
      ['YAML-INVALID', 'YAML-INVALID', 'error', { startLine: 2, startColumn: 1 }],
    ]);
    expect(results[1].message).toEqual({ text: `ConfigMap prod/Bad_Name metadata.name: ${NAME_MESSAGE}` });
    expect(results[1].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'app.yaml', uriBaseId: '%SRCROOT%' });
    expect(results[1].properties).toEqual({ kind: 'ConfigMap', name: 'Bad_Name', namespace: 'prod', path: 'metadata.name' });
    expect(results[2].message).toEqual({ text: BROKEN_MESSAGE });
  });

  test('a clean run is a valid log with no results', () => {
    fs.writeFileSync(path.join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n');
    const r = run(['validate', '--format', 'sarif', 'ok.yaml']);

    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).runs[0]).toEqual({ tool: { driver: { name: 'cdk8s-patterns', rules: [] } }, results: [] });
  });
});

describe('progress', () => {
  test('shown on a terminal only for long runs, cleared before the report; never with --quiet or --format json', () => {
    const lines: Array<string | undefined> = [];
    const progress = (t: string | undefined) => { lines.push(t); };
    let now = 0;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => (now += 600));
    try {
      run(['validate', 'app.yaml', 'broken.yaml'], { progress });
      expect(lines).toEqual(['cdk8s-patterns: read 2/2 file(s), 2 object(s)', 'cdk8s-patterns: validating 2 object(s)', undefined]);
      lines.length = 0;
      run(['validate', '--quiet', 'app.yaml'], { progress });
      run(['validate', '--format', 'json', 'app.yaml'], { progress });
      expect(lines).toEqual([]);
    } finally {
      clock.mockRestore();
    }
  });

  test('a short run shows none', () => {
    const lines: Array<string | undefined> = [];
    run(['validate', 'app.yaml'], { progress: (t) => { lines.push(t); } });
    expect(lines).toEqual([]);
  });
});

test('.pre-commit-hooks.yaml runs the validator on changed manifests', () => {
  const hooks = parse(fs.readFileSync(path.join(__dirname, '..', '..', '.pre-commit-hooks.yaml'), 'utf8'));
  expect(hooks).toEqual([expect.objectContaining({
    id: 'cdk8s-patterns-validate',
    entry: 'cdk8s-patterns validate',
    language: 'node',
    files: '\\.(ya?ml|json)$',
    exclude: '(^|/)(construct-metadata|cdk8s-patterns\\.metadata)\\.json$',
  })]);
  expect(new RegExp(hooks[0].files).test('deploy/app.k8s.yml')).toBe(true);
  expect(new RegExp(hooks[0].files).test('README.md')).toBe(false);
});
