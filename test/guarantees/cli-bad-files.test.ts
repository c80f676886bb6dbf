/**
 * Guarantee: `cdk8s-patterns validate` never crashes on bad input. Whatever the files contain, it
 * prints clear findings or a clear usage error, with the documented exit codes (0 no failures,
 * 1 failures, 2 usage error). A file or document that cannot be decoded is a YAML-INVALID error
 * finding with file:line:col, and never hides the other files; never a stack trace.
 *
 * Runs the CLI in-process (`runCli` with captured output), plus one real process run of
 * `bin/cdk8s-patterns` when the compiled lib/ exists.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/validation/cli';

const REPO = path.resolve(__dirname, '..', '..');

/** A line of a JavaScript stack trace ("    at foo (file.js:1:2)"). */
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$/m;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let workDir: string;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-cli-'));
});

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** Writes `files` into a fresh directory and runs `cdk8s-patterns <args>` there, in-process. */
function cli(args: string[], files: Record<string, string> = {}, stdin?: string): CliResult {
  const cwd = fs.mkdtempSync(path.join(workDir, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(cwd, name)), { recursive: true });
    fs.writeFileSync(path.join(cwd, name), text);
  }
  let stdout = '';
  let stderr = '';
  const code = runCli(args, {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: () => stdin ?? '',
    cwd,
  });
  // no run, whatever its input, prints a stack trace
  expect(stdout).not.toMatch(STACK_LINE);
  expect(stderr).not.toMatch(STACK_LINE);
  return { code, stdout, stderr };
}

const CONFIG_MAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

describe('empty input', () => {
  test.each([
    ['an empty file', ''],
    ['a file of blank lines', '  \n\n\t\n'],
    ['a file with only comments', '# nothing here\n# still nothing\n'],
    ['a file with only document separators', '---\n---\n...\n'],
  ])('%s has no objects and passes', (_what, text) => {
    // WHEN
    const r = cli(['validate', 'empty.yaml'], { 'empty.yaml': text });

    // THEN
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0 error(s), 0 warning(s), 0 info(s) in 0 object(s) from 1 file(s)\n');
  });

  test('a directory without manifests reads no file', () => {
    // GIVEN a directory with only non-manifest files
    const r = cli(['validate', 'dist'], { 'dist/README.md': '# hi\n', 'dist/notes.txt': 'apiVersion: v1\n' });

    // THEN
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('0 error(s), 0 warning(s), 0 info(s) in 0 object(s) from 0 file(s)\n');
  });
});

const SUMMARY_ONE_UNREADABLE = '1 error(s), 0 warning(s), 0 info(s) in 0 object(s) from 1 file(s): FAILED (1 at or above error)\n';

describe('unreadable input: a YAML-INVALID error finding (exit 1) with file:line:col', () => {
  test('invalid YAML (bad indentation)', () => {
    // GIVEN
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   foo: [\n';

    // WHEN
    const r = cli(['validate', 'bad.yaml'], { 'bad.yaml': text });

    // THEN
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('bad.yaml:4:9: error YAML-INVALID ? ? YAML syntax error: Nested mappings are not allowed in compact mappings\n'
      + SUMMARY_ONE_UNREADABLE);
  });

  test('tabs as indentation', () => {
    const r = cli(['validate', 'tab.yaml'], { 'tab.yaml': 'apiVersion: v1\n\tkind: Pod\n' });

    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`tab.yaml:2:1: error YAML-INVALID ? ? YAML syntax error: Tabs are not allowed as indentation\n${SUMMARY_ONE_UNREADABLE}`);
  });

  test('truncated JSON', () => {
    const r = cli(['validate', 'bad.json'], { 'bad.json': '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n' });

    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`bad.json:4:1: error YAML-INVALID ? ? YAML syntax error: Flow map must end with a }\n${SUMMARY_ONE_UNREADABLE}`);
  });

  test('a syntax error in the third document names the line in the file; the other documents are still validated', () => {
    // GIVEN a bad ConfigMap name, a good one, then a broken document
    const text = `${CONFIG_MAP('Bad_A')}---\n${CONFIG_MAP('b')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c\n`;

    // WHEN
    const r = cli(['validate', '--format', 'json', 'm.yaml'], { 'm.yaml': text });

    // THEN: the flow map opened on line 17 (6 lines per ConfigMap + 2 separators + 2 lines) is still open at the end (line 18)
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: any) => [f.ruleId, f.file, f.line, f.column, f.message])).toEqual([
      ['META-NAME-SUBDOMAIN', 'm.yaml', 4, undefined, expect.stringMatching(/^Invalid value: "Bad_A": /)],
      ['YAML-INVALID', 'm.yaml', 18, 1, 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }'],
    ]);
    expect(out.summary).toEqual({ errors: 2, warnings: 0, infos: 0, objects: 2, files: 1, failures: 2 });
  });

  test('nesting deeper than the parser can follow is an error finding, not a crash', () => {
    const r = cli(['validate', 'deep.yaml'], { 'deep.yaml': `${'['.repeat(20_000)}${']'.repeat(20_000)}\n` });

    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^deep\.yaml:1:\d+: error YAML-INVALID \? \? YAML error: the document nests too deeply to be decoded\n/);
  });

  test('an alias to an undefined anchor', () => {
    const r = cli(['validate', 'alias.yaml'], { 'alias.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: *nope\n' });

    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('alias.yaml:3:11: error YAML-INVALID ? ? YAML error: alias *nope refers to no anchor (define &nope before it)\n'
      + SUMMARY_ONE_UNREADABLE);
  });

  test('a billion-laughs alias bomb is an error finding, not a crash or a hang', () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const r = cli(['validate', 'bomb.yaml'], { 'bomb.yaml': `${lines.join('\n')}\n` });

    expect(r.code).toBe(1);
    expect(r.stdout).toBe('bomb.yaml:2:8: error YAML-INVALID ? ? YAML error: the aliases expand too much (go-yaml\'s "document contains excessive aliasing", '
      + 'as in a "billion laughs" alias bomb); write the repeated parts out\n' + SUMMARY_ONE_UNREADABLE);
  });

  test('an unknown tag', () => {
    const r = cli(['validate', 'tag.yaml'], { 'tag.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !foo a\n' });

    expect(r.code).toBe(1);
    expect(r.stdout).toBe('tag.yaml:4:9: error YAML-INVALID ? ? YAML error: unknown tag !foo; Kubernetes manifests use no custom tags: remove it\n'
      + SUMMARY_ONE_UNREADABLE);
  });

  test('one unreadable file never hides the others: every other file is validated', () => {
    // GIVEN a directory with a broken file between two files with findings
    const files = { 'dist/a.yaml': CONFIG_MAP('Bad_A'), 'dist/b.yaml': 'a: [\n', 'dist/c.yaml': CONFIG_MAP('Bad_C') };

    // WHEN
    const r = cli(['validate', '--quiet', 'dist'], files);

    // THEN
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => / error /.test(l)).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      `${path.join('dist', 'a.yaml')}:4: error META-NAME-SUBDOMAIN`,
      `${path.join('dist', 'b.yaml')}:2:1: error YAML-INVALID`,
      `${path.join('dist', 'c.yaml')}:4: error META-NAME-SUBDOMAIN`,
    ]);
    expect(r.stdout).toMatch(/3 error\(s\), 0 warning\(s\), 0 info\(s\) in 2 object\(s\) from 3 file\(s\): FAILED \(3 at or above error\)\n$/);
  });

  test('YAML-INVALID can be made a warning like any rule (then the run passes)', () => {
    const r = cli(['validate', '--severity', 'YAML-INVALID=warning', 'b.yaml'], { 'b.yaml': 'a: [\n' });

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('b.yaml:2:1: warning YAML-INVALID ? ? YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]\n'
      + '0 error(s), 1 warning(s), 0 info(s) in 0 object(s) from 1 file(s)\n');
  });
});

describe('duplicate keys: the last one wins (as kubectl decodes), with a warning naming both lines', () => {
  test('a duplicate key in a block map', () => {
    const r = cli(['validate', 'dup.yaml'], { 'dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n' });

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('dup.yaml:5: warning YAML-DUPLICATE-KEY ConfigMap b metadata.name: duplicate key "name" (line 4 and line 5): '
      + 'kubectl keeps the value of line 5 and ignores line 4\n'
      + '    fix: remove one of the two keys (the first one has no effect)\n'
      + '0 error(s), 1 warning(s), 0 info(s) in 1 object(s) from 1 file(s)\n');
  });

  test('a duplicate key in a flow map of JSON names the columns', () => {
    const r = cli(['validate', '--quiet', '--fail-on', 'warning', 'dup.json'],
      { 'dup.json': '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "kind": "ConfigMap"}' });

    expect(r.code).toBe(1);
    expect(r.stdout).toBe('dup.json:1: warning YAML-DUPLICATE-KEY ConfigMap s kind: duplicate key "kind" (line 1:22 and line 1:67): '
      + 'kubectl keeps the value of line 1:67 and ignores line 1:22\n'
      + '    fix: remove one of the two keys (the first one has no effect)\n'
      + '0 error(s), 1 warning(s), 0 info(s) in 1 object(s) from 1 file(s): FAILED (1 at or above warning)\n');
  });
});

describe('documents that are not Kubernetes objects', () => {
  test.each([
    ['a scalar', 'hello\n', 'expected a Kubernetes object, got string'],
    ['binary garbage', '\u0000\u0001\u0002', 'expected a Kubernetes object, got string'],
    ['an object without kind', 'apiVersion: v1\nmetadata:\n  name: w\n', 'Object \'Kind\' is missing in \'{"apiVersion":"v1","metadata":{"name":"w"}}\''],
    ['a numeric kind', 'apiVersion: v1\nkind: 5\nmetadata:\n  name: w\n', 'Object \'Kind\' is missing in \'{"apiVersion":"v1","kind":5,"metadata":{"name":"w"}}\''],
  ])('%s is an error finding (exit 1)', (_what, text, message) => {
    // WHEN
    const r = cli(['validate', 'x.yaml'], { 'x.yaml': text });

    // THEN
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('x.yaml:1: error SCHEMA-INVALID-DOCUMENT ? ');
    expect(r.stdout).toContain(message);
    expect(r.stdout).toMatch(/1 error\(s\), 0 warning\(s\), 0 info\(s\) in 1 object\(s\) from 1 file\(s\): FAILED \(1 at or above error\)\n$/);
  });

  test('a top-level sequence is checked item by item, each with its line', () => {
    const r = cli(['validate', 'seq.yaml'], { 'seq.yaml': `- ${CONFIG_MAP('a').trimEnd().replace(/\n/g, '\n  ')}\n- 5\n` });

    expect(r.code).toBe(1);
    expect(r.stdout).toContain('seq.yaml:7: error SCHEMA-INVALID-DOCUMENT ? ? expected a Kubernetes object, got number');
    expect(r.stdout).toContain('in 2 object(s) from 1 file(s)');
  });

  test('a kind: List is checked item by item', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: Bad_Name\n- null\n';
    const r = cli(['validate', 'list.yaml'], { 'list.yaml': text });

    expect(r.code).toBe(1);
    expect(r.stdout).toContain('list.yaml:7: error META-NAME-SUBDOMAIN ConfigMap Bad_Name metadata.name: Invalid value: "Bad_Name"');
  });

  test('a kind: List whose items are not a list is reported at items (not as a nameless object)', () => {
    // GIVEN
    const r = cli(['validate', 'list.yaml'], { 'list.yaml': 'apiVersion: v1\nkind: List\nitems: 5\n' });

    // THEN
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('list.yaml:3: error SCHEMA-TYPE List ? items: cannot unmarshal number into field "items" of type list: '
      + 'a kind: List holds its objects in a list under items\n'
      + '    fix: write the objects as a list: items: [{apiVersion: v1, kind: ..., ...}]\n'
      + '1 error(s), 0 warning(s), 0 info(s) in 1 object(s) from 1 file(s): FAILED (1 at or above error)\n');
  });

  test('no finding quotes a Secret value, even when the document is not a valid object', () => {
    // GIVEN Secrets with a misspelled Kind, a missing apiVersion, bad keys and bad types, all holding the same password
    const password = 's3cr3t-Passw0rd';
    const b64 = Buffer.from(password).toString('base64');
    const text = [
      `apiVersion: v1\nKind: Secret\nmetadata:\n  name: a\ndata:\n  pw: ${b64}\n`,
      `kind: Secret\nmetadata:\n  name: b\nstringData:\n  pw: ${password}\n`,
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\ndata:\n  pw: ${password}\n  bad key: ${b64}\nstringData:\n  x: [${password}]\n`,
      `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\nmetadata:\n  name: d\nstringData:\n  .dockerconfigjson: ${password}\n`,
    ].join('---\n');

    // WHEN
    const r = cli(['validate', '--format', 'json', 'secrets.yaml'], { 'secrets.yaml': text });

    // THEN every document has findings, and none contains the value (raw or base64)
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(new Set(out.findings.map((f: any) => f.name))).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(r.stdout).not.toContain(password);
    expect(r.stdout).not.toContain(b64);
    expect(out.findings[0].message).toBe('Object \'Kind\' is missing in \'{"apiVersion":"v1","Kind":"Secret","metadata":{"name":"a"},"data":{"pw":string}}\'');
  });
});

describe('valid syntax, mixed content', () => {
  test('valid JSON passes', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }, undefined, 2);
    const r = cli(['validate', 'cm.json'], { 'cm.json': json });

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('0 error(s), 0 warning(s), 0 info(s) in 1 object(s) from 1 file(s)\n');
  });

  test('a bad document in the middle of a multi-document file is reported at its own line; the others are clean', () => {
    // GIVEN ConfigMap a (lines 1-6), a Pod with a bad name and no containers (lines 8-13), ConfigMap c
    const bad = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers: []\n';
    const text = `${CONFIG_MAP('a')}---\n${bad}---\n${CONFIG_MAP('c')}`;

    // WHEN
    const r = cli(['validate', 'multi.yaml'], { 'multi.yaml': text });

    // THEN
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => /^\S+:\d+: /.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^multi\.yaml:11: error META-NAME-SUBDOMAIN Pod Bad_Name metadata\.name: Invalid value: "Bad_Name": /),
      'multi.yaml:13: error POD-CONTAINERS-REQUIRED Pod Bad_Name spec.containers: Required value',
    ]);
    expect(r.stdout).toMatch(/2 error\(s\), 0 warning\(s\), 0 info\(s\) in 3 object\(s\) from 1 file\(s\): FAILED/);
  });

  test('unknown kinds are an info (exit 0), and fail with --fail-on info', () => {
    // GIVEN a custom resource and a typo in a built-in apiVersion
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: v1\nkind: Deployment\nmetadata:\n  name: d\n';
    const files = { 'crd.yaml': text };

    // WHEN
    const r = cli(['validate', 'crd.yaml'], files);
    const strict = cli(['validate', '--fail-on', 'info', 'crd.yaml'], files);

    // THEN
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('crd.yaml:1: info SCHEMA-UNKNOWN-KIND Widget w no 1.27 schema for example.com/v1/Widget; only metadata was checked');
    expect(r.stdout).toContain('crd.yaml:6: info SCHEMA-UNKNOWN-KIND Deployment d no 1.27 schema for v1/Deployment');
    expect(strict.code).toBe(1);
  });

  test('wrong types are findings, not crashes', () => {
    // GIVEN metadata as a list, spec as a string, a port beyond any integer type
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: [1]\nspec: "x"\n---\n'
      + 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: nginx:1.25.3\n    ports:\n    - containerPort: 99999999999999999999999\n';

    // WHEN
    const r = cli(['validate', '--no-lint', 'types.yaml'], { 'types.yaml': text });

    // THEN
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('types.yaml:3: error SCHEMA-TYPE Pod ? metadata: cannot unmarshal array into field "metadata" of type struct');
    expect(r.stdout).toContain('types.yaml:4: error SCHEMA-TYPE Pod ? spec: cannot unmarshal string into field "spec" of type struct');
    expect(r.stdout).toContain('types.yaml:15: error CTR-PORT-NUMBER Pod a spec.containers[0].ports[0].containerPort: Invalid value: 1e+23: must be between 1 and 65535, inclusive');
  });

  test('ConfigMap keys named like Object.prototype members are valid', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  constructor: x\n  toString: w\n  hasOwnProperty: z\n  __proto__: p\n';
    const r = cli(['validate', 'proto.yaml'], { 'proto.yaml': text });

    expect(r.stdout).toBe('0 error(s), 0 warning(s), 0 info(s) in 1 object(s) from 1 file(s)\n');
    expect(r.code).toBe(0);
  });

  test('a byte order mark is accepted', () => {
    const r = cli(['validate', 'bom.yaml'], { 'bom.yaml': `\ufeff${CONFIG_MAP('a')}` });

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('in 1 object(s) from 1 file(s)');
  });

  test('--format json stays valid JSON for bad input', () => {
    const r = cli(['validate', '--format', 'json', 'x.yaml'], { 'x.yaml': 'hello\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n' });

    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ errors: 2, warnings: 0, infos: 0, objects: 2, files: 1, failures: 2 });
    expect(out.findings.map((f: any) => [f.ruleId, f.file, f.line])).toEqual([
      ['SCHEMA-INVALID-DOCUMENT', 'x.yaml', 1],
      ['META-NAME-SUBDOMAIN', 'x.yaml', 6],
    ]);
  });
});

describe('directories and stdin', () => {
  test('cdk8s-cli\'s construct-metadata.json is skipped in a directory, and read when named', () => {
    // GIVEN the output of `cdk8s synth` with validations configured
    const files = {
      'dist/app.k8s.yaml': CONFIG_MAP('a'),
      'dist/construct-metadata.json': JSON.stringify({ version: '1.0.0', resources: { 'app/cm/Resource': { path: 'app/cm' } } }),
    };

    // WHEN
    const dir = cli(['validate', 'dist'], files);
    const named = cli(['validate', path.join('dist', 'construct-metadata.json')], files);

    // THEN
    expect(dir.code).toBe(0);
    expect(dir.stdout).toBe('0 error(s), 0 warning(s), 0 info(s) in 1 object(s) from 1 file(s)\n');
    expect(named.code).toBe(1);
    expect(named.stdout).toContain(`${path.join('dist', 'construct-metadata.json')}:1: error SCHEMA-INVALID-DOCUMENT ? ? Object 'Kind' is missing in '{"version":string,"resources":{"app/cm/Resource":{"path":string}}}'`);
  });

  test('directories are walked recursively in a stable order, skipping other files, node_modules and dot folders', () => {
    // GIVEN
    const files = {
      'dist/b.k8s.yaml': CONFIG_MAP('Bad_B'),
      'dist/a/x.yml': CONFIG_MAP('Bad_A'),
      'dist/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_C' } }),
      'dist/readme.md': 'not: [yaml',
      'dist/node_modules/m.yaml': 'not: [yaml',
      'dist/.cache/m.yaml': 'not: [yaml',
    };

    // WHEN
    const r = cli(['validate', 'dist'], files);

    // THEN
    expect(r.code).toBe(1);
    const where = r.stdout.split('\n').filter((l) => l.includes(' error ')).map((l) => l.split(' ')[0]);
    expect(where).toEqual([`${path.join('dist', 'a', 'x.yml')}:4:`, `${path.join('dist', 'b.k8s.yaml')}:4:`, `${path.join('dist', 'c.json')}:1:`]);
    expect(r.stdout).toContain('in 3 object(s) from 3 file(s)');
  });

  test('- reads stdin', () => {
    const r = cli(['validate', '-'], {}, CONFIG_MAP('Bad_Name'));

    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:4: error META-NAME-SUBDOMAIN ConfigMap Bad_Name /);
  });

  test('a syntax error on stdin names <stdin>', () => {
    const r = cli(['validate', '-'], {}, 'a: [\n');

    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('<stdin>:2:1: error YAML-INVALID ? ? YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]\n'
      + SUMMARY_ONE_UNREADABLE);
  });
});

describe('usage errors: exit 2 with the usage text', () => {
  test.each([
    [['lint', 'x.yaml'], 'unknown command \'lint\'; the only command is \'validate\''],
    [['validate'], 'no input: name at least one file or directory (or - for stdin)'],
    [['validate', '--bogus', 'x.yaml'], 'unknown option \'--bogus\''],
    [['validate', '--format', 'xml', 'x.yaml'], '--format must be one of \'text\', \'json\', \'junit\', \'sarif\', \'github\', got \'xml\''],
    [['validate', 'x.yaml', '--format'], '--format needs a value'],
    [['validate', '--fail-on', 'fatal', 'x.yaml'], '--fail-on must be \'error\', \'warning\' or \'info\', got \'fatal\''],
    [['validate', '--fail-on', 'constructor', 'x.yaml'], '--fail-on must be \'error\', \'warning\' or \'info\', got \'constructor\''],
    [['validate', '--severity', 'LINT-LATEST-TAG', 'x.yaml'], '--severity takes RULE=error|warning|info, got \'LINT-LATEST-TAG\''],
    [['validate', '--disable', 'NO-SUCH-RULE', 'x.yaml'], '--disable: unknown rule id \'NO-SUCH-RULE\'; use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\''],
    [['validate', '--severity', 'NO-SUCH=error', '--severity=OTHER=info', 'x.yaml'], '--severity: unknown rule ids \'NO-SUCH\', \'OTHER\'; use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\''],
  ])('%j', (args, message) => {
    // WHEN
    const r = cli(args, { 'x.yaml': CONFIG_MAP('a') });

    // THEN
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(`cdk8s-patterns: ${message}`);
    expect(r.stderr).toContain('Usage: cdk8s-patterns validate [options] <file|dir|->...');
  });

  test('a missing file is an input error', () => {
    const r = cli(['validate', 'nope.yaml']);

    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-patterns: nope.yaml: no such file or directory\n');
  });

  test('a dangling symlink is an input error', () => {
    const r = cli(['validate', 'dist'], { 'dist/ok.yaml': CONFIG_MAP('a') });
    expect(r.code).toBe(0);
    const cwd = fs.mkdtempSync(path.join(workDir, 'link-'));
    fs.symlinkSync(path.join(cwd, 'missing.yaml'), path.join(cwd, 'link.yaml'));
    let stderr = '';
    const code = runCli(['validate', 'link.yaml'], { stdout: () => undefined, stderr: (t) => { stderr += t; }, cwd });

    expect(code).toBe(2);
    expect(stderr).toBe('cdk8s-patterns: link.yaml: no such file or directory\n');
  });

  test('no arguments and --help print the usage and exit 0', () => {
    for (const args of [[], ['--help'], ['validate', '-h']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: cdk8s-patterns validate/);
      expect(r.stdout).toContain('Exit codes: 0 no failures, 1 failures (a file that cannot be read or decoded is one),\n2 usage error.');
    }
  });
});

describe('a huge file', () => {
  test('20,000 objects with one bad one in the middle: one finding with its line', () => {
    // GIVEN
    const n = 20_000;
    const docs: string[] = [];
    for (let i = 0; i < n; i++) {
      docs.push(i === n / 2 ? CONFIG_MAP('Bad_Name') : CONFIG_MAP(`cm-${i}`));
    }
    const text = docs.join('---\n');
    const badLine = (n / 2) * 7 + 4; // 7 lines per document (6 + separator), name on the 4th

    // WHEN
    const started = Date.now();
    const r = cli(['validate', '--format', 'json', 'huge.yaml'], { 'huge.yaml': text });
    const elapsed = Date.now() - started;

    // THEN
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ errors: 1, warnings: 0, infos: 0, objects: n, files: 1, failures: 1 });
    expect(out.findings.map((f: any) => [f.ruleId, f.name, f.line])).toEqual([['META-NAME-SUBDOMAIN', 'Bad_Name', badLine]]);
    // generous bound on a loaded 2-core machine (about 6 s measured): catches quadratic behaviour
    expect(elapsed).toBeLessThan(25_000);
  }, 60_000);
});

const BIN = path.join(REPO, 'bin', 'cdk8s-patterns');
const LIB_CLI = path.join(REPO, 'lib', 'validation', 'cli.js');
const describeIfLib = fs.existsSync(LIB_CLI) ? describe : describe.skip;

describeIfLib('the real bin/cdk8s-patterns process (needs a compiled lib/)', () => {
  test('exit codes 0 / 1 / 2 and no stack trace', () => {
    // GIVEN
    const cwd = fs.mkdtempSync(path.join(workDir, 'bin-'));
    fs.writeFileSync(path.join(cwd, 'ok.yaml'), CONFIG_MAP('a'));
    fs.writeFileSync(path.join(cwd, 'bad.yaml'), CONFIG_MAP('Bad_Name'));
    fs.writeFileSync(path.join(cwd, 'broken.yaml'), 'a: [\n');
    fs.writeFileSync(path.join(cwd, 'alias.yaml'), 'a: *nope\n');
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });

    // WHEN
    const ok = run('validate', 'ok.yaml');
    const bad = run('validate', 'bad.yaml');
    const broken = run('validate', 'broken.yaml');
    const usage = run('validate', '--bogus');
    const alias = run('validate', 'alias.yaml');

    // THEN
    expect([ok.status, bad.status, broken.status, usage.status, alias.status]).toEqual([0, 1, 1, 2, 1]);
    expect(bad.stdout).toContain('bad.yaml:4: error META-NAME-SUBDOMAIN ConfigMap Bad_Name');
    expect(broken.stdout).toContain('broken.yaml:2:1: error YAML-INVALID ? ? YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]\n');
    expect(alias.stdout).toContain('alias.yaml:1:4: error YAML-INVALID ? ? YAML error: alias *nope refers to no anchor (define &nope before it)\n');
    for (const r of [ok, bad, broken, usage, alias]) {
      expect(r.stdout + r.stderr).not.toMatch(STACK_LINE);
    }
  });

  test('a closed output pipe (| head -1) ends the run quietly: no EPIPE stack trace', () => {
    // GIVEN far more findings than a pipe buffer holds
    const cwd = fs.mkdtempSync(path.join(workDir, 'pipe-'));
    fs.writeFileSync(path.join(cwd, 'many.yaml'), Array.from({ length: 3000 }, (_, i) => CONFIG_MAP(`Bad_${i}`)).join('---\n'));

    // WHEN
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" validate many.yaml | head -1`], { cwd, encoding: 'utf8', timeout: 60_000 });

    // THEN
    expect(r.stdout).toMatch(/^many\.yaml:4: error META-NAME-SUBDOMAIN ConfigMap Bad_0 /);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
  }, 60_000);
});
