import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/validation/cli';
import { CustomResources } from '../../src/validation/crd/custom-resources';

const GOOD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx-config
data:
  a.conf: "server {}"
`;

const BAD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
  initContainers:
    - name: app
      image: busybox:1.36
      restartPolicy: Always
`;

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-cli-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function run(args: string[], stdin?: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, readStdin: () => stdin ?? '' });
  return { code, out, err };
}

describe('runCli', () => {
  test('exits 0 and prints a summary when there is no error', () => {
    write('ok.yaml', GOOD);
    const { code, out, err } = run(['validate', 'ok.yaml']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toBe('0 error(s), 0 warning(s), 0 info(s) in 1 object(s) from 1 file(s)\n');
  });

  test('exits 1 and prints each finding with file, line, rule and path', () => {
    // GIVEN a multi-document file whose second document is bad
    write('app.yaml', `${GOOD}---\n${BAD}`);

    // WHEN
    const { code, out } = run(['validate', 'app.yaml', '--quiet']);

    // THEN the line is the field's line in the file (restartPolicy is on line 19)
    expect(code).toBe(1);
    expect(out).toContain('app.yaml:19: error SCHEMA-UNKNOWN-FIELD Pod web strict decoding error: unknown field "spec.initContainers[0].restartPolicy"');
    expect(out).toContain('app.yaml:17: error CTR-NAME-UNIQUE Pod web spec.initContainers[0].name: Duplicate value: "app"');
    expect(out).not.toContain(' warning LINT-');
    expect(out).toMatch(/2 error\(s\), \d+ warning\(s\), \d+ info\(s\) in 2 object\(s\) from 1 file\(s\): FAILED \(2 at or above error\)\n$/);
  });

  test('--format json prints findings and a summary', () => {
    write('bad.yaml', BAD);
    const { code, out } = run(['validate', 'bad.yaml', '--format', 'json', '--no-lint']);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.summary).toEqual({ errors: 2, warnings: 0, infos: 0, objects: 1, files: 1, failures: 2 });
    expect(json.findings.map((f: any) => `${f.ruleId} ${f.path} ${f.line}`)).toEqual([
      'SCHEMA-UNKNOWN-FIELD spec.initContainers[0].restartPolicy 12',
      'CTR-NAME-UNIQUE spec.initContainers[0].name 10',
    ]);
    expect(json.findings[0].file).toBe('bad.yaml');
  });

  test('walks directories for yaml, yml and json files; reads JSON arrays and Lists', () => {
    write('a/one.yaml', GOOD);
    write('a/b/two.yml', BAD);
    write('a/three.json', JSON.stringify([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_NS' } }]));
    write('a/four.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: builder\n');
    write('a/readme.md', '# not a manifest');
    const { code, out } = run(['validate', 'a', '--quiet']);
    expect(code).toBe(1);
    expect(out).toContain('a/three.json:1: error META-NAME-DNS1123LABEL Namespace Bad_NS metadata.name');
    expect(out).toContain('a/b/two.yml:');
    expect(out).toMatch(/in 4 object\(s\) from 4 file\(s\)/);
  });

  test('reads stdin for -', () => {
    const { code, out } = run(['validate', '-', '--quiet'], BAD);
    expect(code).toBe(1);
    expect(out).toContain('<stdin>:12: error SCHEMA-UNKNOWN-FIELD');
  });

  test('--fail-on warning, --severity and --disable change what fails', () => {
    write('latest.yaml', `apiVersion: v1
kind: Pod
metadata: {name: latest}
spec:
  containers:
    - {name: app, image: "nginx:latest", resources: {requests: {cpu: 10m}, limits: {memory: 64Mi}}}
`);
    expect(run(['validate', 'latest.yaml']).code).toBe(0);
    expect(run(['validate', 'latest.yaml', '--fail-on', 'warning']).code).toBe(1);
    expect(run(['validate', 'latest.yaml', '--severity', 'LINT-LATEST-TAG=error']).code).toBe(1);
    expect(run(['validate', 'latest.yaml', '--fail-on=warning', '--disable', 'LINT-LATEST-TAG']).code).toBe(0);
    write('bad.yaml', BAD);
    expect(run(['validate', 'bad.yaml', '--disable', 'CTR-NAME-UNIQUE,SCHEMA-UNKNOWN-FIELD']).code).toBe(0);
  });

  test('a YAML syntax error is a YAML-INVALID error finding (exit 1) with file:line:col, no stack trace', () => {
    write('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {a: b\n');
    const { code, out, err } = run(['validate', 'broken.yaml']);
    expect(code).toBe(1);
    expect(err).toBe('');
    expect(out).toBe('broken.yaml:6:1: error YAML-INVALID ? ? YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }\n'
      + '1 error(s), 0 warning(s), 0 info(s) in 0 object(s) from 1 file(s): FAILED (1 at or above error)\n');
    expect(out).not.toContain('    at ');
  });

  test.each([
    ['an undefined alias', 'a: *nope\n', 'in.yaml:1:4: error YAML-INVALID ? ? YAML error: alias *nope refers to no anchor (define &nope before it)'],
    ['an unknown tag', 'kind: !Pod Pod\n', 'in.yaml:1:7: error YAML-INVALID ? ? YAML error: unknown tag !Pod; Kubernetes manifests use no custom tags: remove it'],
    ['an explicit tag that does not fit', 'kind: !!int Pod\n', 'in.yaml:1:13: error YAML-INVALID ? ? YAML error: cannot decode !!str `Pod` as a !!int'],
    ['a .inf value', 'apiVersion: v1\nkind: Pod\nx: .inf\n', 'in.yaml:3:4: error YAML-INVALID ? ? YAML error: error converting YAML to JSON: '
      + 'json: unsupported value: +Inf (kubectl rejects .inf and .nan values: quote it)'],
    ['a null key', 'apiVersion: v1\n~: Pod\n', 'in.yaml:2:1: error YAML-INVALID ? ? YAML error: Unsupported map key of type: <nil> '
      + '(sigs.k8s.io/yaml turns only string, number and boolean keys into JSON)'],
    ['a merge of a scalar', 'apiVersion: v1\n<<: 5\n', 'in.yaml:2:1: error YAML-INVALID ? ? YAML error: map merge requires map or sequence of maps as the value'],
    ['an anchor that contains itself', 'a: &a [*a]\n', 'in.yaml:1:8: error YAML-INVALID ? ? YAML error: anchor \'a\' value contains itself'],
  ])('%s is a YAML-INVALID finding with file:line:col', (_what, text, message) => {
    write('in.yaml', text);
    const { code, out, err } = run(['validate', 'in.yaml']);
    expect(code).toBe(1);
    expect(err).toBe('');
    expect(out).toBe(`${message}\n1 error(s), 0 warning(s), 0 info(s) in 0 object(s) from 1 file(s): FAILED (1 at or above error)\n`);
  });

  test('a duplicate key is a warning; the last value wins', () => {
    write('in.yaml', 'apiVersion: v1\nkind: Pod\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const { code, out } = run(['validate', 'in.yaml']);
    expect(code).toBe(0);
    expect(out).toBe('in.yaml:3: warning YAML-DUPLICATE-KEY ConfigMap x kind: duplicate key "kind" (line 2 and line 3): '
      + 'kubectl keeps the value of line 3 and ignores line 2\n'
      + '    fix: remove one of the two keys (the first one has no effect)\n'
      + '0 error(s), 1 warning(s), 0 info(s) in 1 object(s) from 1 file(s)\n');
  });

  test('--crd FILE|DIR (repeatable) passes the CustomResourceDefinitions found there to the validator', () => {
    // GIVEN a CRD file, a directory with another CRD and a non-CRD, and a custom resource
    const crd = (plural: string) => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.example.com\n`;
    write('crds/widgets.yaml', crd('widgets'));
    write('more/gadgets.yaml', `${crd('gadgets')}---\n${GOOD}`);
    write('broken-crds/x.yaml', 'a: [\n');
    write('cr.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    const fromDocs = jest.spyOn(CustomResources, 'fromDocs');

    // WHEN
    let result: ReturnType<typeof run>;
    let broken: ReturnType<typeof run>;
    let extra: any[];
    try {
      result = run(['validate', '--crd', 'crds/widgets.yaml', '--crd=more', 'cr.yaml']);
      extra = [...fromDocs.mock.calls[0][1] ?? []];
      broken = run(['validate', '--crd', 'broken-crds', 'cr.yaml']);
    } finally {
      fromDocs.mockRestore();
    }

    // THEN the CRDs (and only they) are passed; the CRD files are not counted as validated files
    expect(extra.map((m: any) => m.metadata.name)).toEqual(['widgets.example.com', 'gadgets.example.com']);
    expect(result.out).toMatch(/in 1 object\(s\) from 1 file\(s\)\n$/);
    // a CRD file that cannot be decoded is a finding like any other file
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`${path.join('broken-crds', 'x.yaml')}:2:1: error YAML-INVALID ? ? YAML syntax error: `);
  });

  test('a directory walk skips cdk8s-cli\'s construct-metadata.json', () => {
    // GIVEN what `cdk8s synth` writes with validations configured
    write('dist/chart.k8s.yaml', GOOD);
    write('dist/construct-metadata.json', '{"version":"1.0.0","resources":{}}');

    // WHEN
    const { code, out } = run(['validate', 'dist/']);

    // THEN
    expect(code).toBe(0);
    expect(out).toBe('0 error(s), 0 warning(s), 0 info(s) in 1 object(s) from 1 file(s)\n');
  });

  test.each([
    [[], 'Usage: cdk8s-patterns validate'],
    [['--help'], 'Usage: cdk8s-patterns validate'],
  ])('help %j exits 0', (args, text) => {
    const { code, out } = run(args as string[]);
    expect(code).toBe(0);
    expect(out).toContain(text);
  });

  test.each([
    [['frobnicate'], 'unknown command \'frobnicate\''],
    [['validate'], 'no input: name at least one file or directory (or - for stdin)'],
    [['validate', 'missing.yaml'], 'missing.yaml: no such file or directory'],
    [['validate', 'x.yaml', '--format', 'xml'], '--format must be one of \'text\', \'json\', \'junit\', \'sarif\', \'github\', got \'xml\''],
    [['validate', 'x.yaml', '--crd'], '--crd needs a value'],
    [['validate', 'x.yaml', '--crd', 'nope/'], 'cdk8s-patterns: nope/: no such file or directory\n'],
    [['validate', 'x.yaml', '--fail-on', 'fatal'], '--fail-on must be \'error\', \'warning\' or \'info\', got \'fatal\''],
    [['validate', 'x.yaml', '--severity', 'LINT-LATEST-TAG'], '--severity takes RULE=error|warning|info'],
    [['validate', 'x.yaml', '--disable', 'NOPE'], 'cdk8s-patterns: --disable: unknown rule id \'NOPE\'; use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\'\n'],
    [['validate', 'x.yaml', '--severity', 'NOPE=error'], 'cdk8s-patterns: --severity: unknown rule id \'NOPE\'; use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\'\n'],
    [['validate', 'x.yaml', '--bogus'], 'unknown option \'--bogus\''],
    [['validate', 'x.yaml', '--format'], '--format needs a value'],
  ])('usage error %j exits 2', (args, message) => {
    const { code, err } = run(args as string[]);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});

const compiledCli = path.join(__dirname, '..', '..', 'lib', 'validation', 'cli.js');

(fs.existsSync(compiledCli) ? describe : describe.skip)('bin/cdk8s-patterns (compiled lib/)', () => {
  test('runs as a node program with the documented exit codes', () => {
    write('bad.yaml', BAD);
    write('ok.yaml', GOOD);
    const bin = path.join(__dirname, '..', '..', 'bin', 'cdk8s-patterns');
    const bad = spawnSync(process.execPath, [bin, 'validate', 'bad.yaml', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('error CTR-NAME-UNIQUE Pod web');
    const ok = spawnSync(process.execPath, [bin, 'validate', 'ok.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const usage = spawnSync(process.execPath, [bin, 'validate'], { cwd: dir, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
