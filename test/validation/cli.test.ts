import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/validation/cli';

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

  test('a YAML syntax error exits 2 with file and line, no stack trace', () => {
    write('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {a: b\n');
    const { code, out, err } = run(['validate', 'broken.yaml']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('cdk8s-patterns: broken.yaml:6:1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }\n');
    expect(err).not.toContain('    at ');
  });

  test.each([
    ['an undefined alias', 'a: *nope\n', 'cdk8s-patterns: in.yaml:1:4: YAML error: alias *nope refers to no anchor (define &nope before it)\n'],
    ['a duplicate key', 'kind: Pod\nkind: Pod\n', 'cdk8s-patterns: in.yaml:2:1: YAML error: duplicate field "kind" (first defined at line 1); '
      + 'the API server\'s strict decoding rejects duplicate fields: keep one\n'],
    ['an unknown tag', 'kind: !Pod Pod\n', 'cdk8s-patterns: in.yaml:1:7: YAML error: unknown tag !Pod; Kubernetes manifests use no custom tags: remove it\n'],
  ])('%s exits 2 with file:line:col', (_what, text, message) => {
    write('in.yaml', text);
    const { code, out, err } = run(['validate', 'in.yaml']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(message);
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
    [['validate', 'x.yaml', '--format', 'xml'], '--format must be \'text\' or \'json\', got \'xml\''],
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
