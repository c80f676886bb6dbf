/**
 * Consumer test: the packed library works in a fresh cdk8s app, offline, the way users install it.
 *
 * Run with `npx projen test:consumer` AFTER `npx projen build` (which writes
 * dist/js/cdk8s-patterns@0.0.0.jsii.tgz); the normal jest run excludes this folder.
 *
 * The tarball (which bundles yaml, ajv and kubernetes-models) is extracted into
 * `<tmp>/node_modules/cdk8s-patterns`; the peer dependencies (cdk8s, constructs, cdk8s-plus-27) are
 * symlinked from this repository's node_modules, so Node resolves one real copy of each (one
 * `constructs`). No `npm install`, no network. The app is plain JavaScript (`app: node main.js`).
 *
 * Checked:
 *  - `cdk8s synth` with the validation plugin (`validations:` in cdk8s.yaml): a passing app exits 0,
 *    writes dist/*.k8s.yaml and reports success; a failing app exits 2 and the report names the
 *    rule ids and resources; construct-metadata.json carries no credential;
 *  - the bin: `cdk8s-patterns validate dist/` exits 0 / 1;
 *  - the synth-time hook: `Validation.enable(app)` makes `node main.js` fail with the findings listed.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const TARBALL = path.join(REPO, 'dist', 'js', 'cdk8s-patterns@0.0.0.jsii.tgz');
const CDK8S_CLI = path.join(REPO, 'node_modules', '.bin', 'cdk8s');
const PEERS = ['cdk8s', 'constructs', 'cdk8s-plus-27'];
const PASSWORD = 'consumer-Test-Pw-7Hq2';

jest.setTimeout(60_000);

let root: string;

/** A fresh app directory with the library installed from the tarball and the peers linked. */
function appDir(name: string, mainJs: string, validations = true): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'main.js'), mainJs);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
    'language: typescript',
    'app: node main.js',
    ...validations ? [
      'validations:',
      '  - package: ./node_modules/cdk8s-patterns/lib/validation/plugin',
      '    version: 0.0.0',
      '    class: ManifestValidationPlugin',
    ] : [],
    '',
  ].join('\n'));
  return dir;
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const env: Record<string, string | undefined> = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', FORCE_COLOR: '0', NO_COLOR: '1' };
  delete env.JEST_WORKER_ID;
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 50_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

const synth = (dir: string, ...flags: string[]) => run(CDK8S_CLI, ['synth', '--no-check-upgrade', ...flags], dir);
const bin = (dir: string, ...args: string[]) => run(process.execPath, [path.join(root, 'node_modules', 'cdk8s-patterns', 'bin', 'cdk8s-patterns'), ...args], dir);
const output = (r: SpawnSyncReturns<string>) => `${r.stdout}\n${r.stderr}`;

const PASSING_APP = `
const { App, Chart, Size } = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const { SidecarPod, DockerPullSecret, RegistryCredentials, StaticPvWithClaim, PersistentVolumeBackend } = require('cdk8s-patterns');

const app = new App();
const chart = new Chart(app, 'web');
const pod = new SidecarPod(chart, 'pod', {
  metadata: { name: 'pod-emptydir' },
  main: { name: 'app', image: 'docker.io/library/nginx:1.25.3', portNumber: 80 },
  sidecars: [{ name: 'writer', image: 'docker.io/library/busybox:1.36.1', command: ['sh', '-c', 'while true; do date >> /data/index.html; sleep 5; done'] }],
});
const dir = pod.addSharedDir('data');
dir.mount(pod.main, '/usr/share/nginx/html', { readOnly: true });
dir.mount(pod.sidecars[0], '/data');
const pull = new DockerPullSecret(chart, 'pull', {
  metadata: { name: 'regcred' },
  registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword('admin', '${PASSWORD}') }],
});
const pv = new StaticPvWithClaim(chart, 'data', {
  backend: PersistentVolumeBackend.fromNfs({ server: 'nfs.example.com', path: '/exports/data' }),
  capacity: Size.gibibytes(5),
  accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
});
app.synth();
`;

const FAILING_APP = `
const { App, ApiObject, Chart } = require('cdk8s');
const { Validation } = require('cdk8s-patterns');

const app = new App();
const chart = new Chart(app, 'broken');
new ApiObject(chart, 'bad-pod', {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad-pod' },
  spec: { containers: [{ name: 'Bad_Name', image: 'nginx:1.25.3' }] },
});
// a static PV and a claim that can never bind: the claim asks for more than the volume has
new ApiObject(chart, 'pv', {
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'small-pv' },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', hostPath: { path: '/srv/data' } },
});
new ApiObject(chart, 'pvc', {
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'big-claim', namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', volumeName: 'small-pv', resources: { requests: { storage: '10Gi' } } },
});
if (process.env.ENABLE_VALIDATION === '1') {
  Validation.enable(app);
}
app.synth();
`;

beforeAll(() => {
  if (!fs.existsSync(TARBALL)) {
    throw new Error(`${path.relative(REPO, TARBALL)} does not exist: run \`npx projen build\` first (it packs the library), `
      + 'then `npx projen test:consumer`');
  }
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-consumer-'));
  // install the tarball the way npm would, without npm: package/ becomes node_modules/cdk8s-patterns
  const extract = path.join(root, 'extract');
  fs.mkdirSync(extract);
  const tar = spawnSync('tar', ['-xzf', TARBALL, '-C', extract], { encoding: 'utf8' });
  if (tar.status !== 0) {
    throw new Error(`tar -xzf ${TARBALL} failed: ${tar.stderr}`);
  }
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.renameSync(path.join(extract, 'package'), path.join(root, 'node_modules', 'cdk8s-patterns'));
  for (const peer of PEERS) {
    fs.symlinkSync(path.join(REPO, 'node_modules', peer), path.join(root, 'node_modules', peer), 'dir');
  }
});

afterAll(() => {
  if (root) {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the tarball holds the compiled library, the plugin, the bin and the bundled dependencies', () => {
  const pkg = path.join(root, 'node_modules', 'cdk8s-patterns');
  for (const f of ['package.json', '.jsii', 'lib/index.js', 'lib/validation/plugin.js', 'lib/validation/cli.js', 'bin/cdk8s-patterns',
    'node_modules/yaml/package.json', 'node_modules/ajv/package.json', 'node_modules/kubernetes-models/package.json']) {
    expect({ f, exists: fs.existsSync(path.join(pkg, f)) }).toEqual({ f, exists: true });
  }
  // one constructs: the library resolves the app's (symlinked) copy
  const resolved = run(process.execPath, ['-e', 'console.log(require.resolve("constructs", { paths: [require.resolve("cdk8s-patterns")] }))'], root);
  expect(fs.realpathSync(resolved.stdout.trim())).toBe(fs.realpathSync(require.resolve('constructs')));
});

test('cdk8s synth with the validation plugin: a valid app passes, writes its manifests and no credential in construct-metadata.json', () => {
  // GIVEN
  const dir = appDir('passing', PASSING_APP);

  // WHEN
  const r = synth(dir);

  // THEN
  expect({ status: r.status, output: r.status === 0 ? '' : output(r) }).toEqual({ status: 0, output: '' });
  expect(fs.readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.k8s.yaml'))).toEqual(['web.k8s.yaml']);
  const yaml = fs.readFileSync(path.join(dir, 'dist', 'web.k8s.yaml'), 'utf8');
  expect(yaml).toContain('name: pod-emptydir');
  expect(output(r)).toMatch(/cdk8s-patterns: validated \d+ object\(s\): 0 error\(s\)/);
  expect(output(r)).toMatch(/Status\s*│\s*success/);
  // the validation metadata file cdk8s-cli writes holds construct paths, never a secret
  const metadata = fs.readFileSync(path.join(dir, 'dist', 'construct-metadata.json'), 'utf8');
  expect(metadata).toContain('web/pod');
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  for (const needle of [PASSWORD, b64(PASSWORD), b64(`admin:${PASSWORD}`)]) {
    expect(metadata).not.toContain(needle);
    expect(output(r)).not.toContain(needle);
  }

  // and the bin validates the synthesized manifest
  const validated = bin(dir, 'validate', 'dist/web.k8s.yaml');
  expect({ status: validated.status, stderr: validated.stderr, failures: validated.status === 0 ? '' : validated.stdout }).toEqual({ status: 0, stderr: '', failures: '' });
  expect(validated.stdout).toMatch(/^0 error\(s\), \d+ warning\(s\), \d+ info\(s\) in \d+ object\(s\) from 1 file\(s\)$/m);
});

// After `cdk8s synth` with validations, dist/ also holds cdk8s-cli's construct-metadata.json: the CLI skips it
// when walking a directory (it used to read it as a manifest and exit 1).
test('`cdk8s-patterns validate dist/` passes on the output of a passing cdk8s synth', () => {
  const dir = appDir('passing-dir', PASSING_APP);
  expect(synth(dir).status).toBe(0);

  const validated = bin(dir, 'validate', 'dist/');

  expect({ status: validated.status, stdout: validated.stdout }).toEqual({ status: 0, stdout: expect.not.stringContaining('construct-metadata.json') });
});

test('cdk8s synth with the validation plugin: an invalid app fails with exit code 2, naming rules and resources', () => {
  // GIVEN
  const dir = appDir('failing', FAILING_APP);

  // WHEN
  const r = synth(dir);

  // THEN
  expect(r.status).toBe(2);
  const out = output(r);
  expect(out).toContain('CTR-NAME-DNS1123LABEL');
  expect(out).toContain('bad-pod');
  expect(out).toContain('BIND-SIZE');
  expect(out).toContain('big-claim');
  expect(out).toMatch(/Status\s*│\s*failure/);
  expect(out).toContain('Validation failed. See above reports for details');

  // the bin on the same output (synthesized without validation) exits 1
  const unvalidated = synth(dir, '--no-validate');
  expect(unvalidated.status).toBe(0);
  const validated = bin(dir, 'validate', 'dist/');
  expect(validated.status).toBe(1);
  expect(validated.stdout).toMatch(/error CTR-NAME-DNS1123LABEL Pod bad-pod/);
  expect(validated.stdout).toMatch(/error BIND-SIZE PersistentVolumeClaim default\/big-claim|error BIND-SIZE PersistentVolume small-pv/);
});

test('the synth-time hook: Validation.enable(app) makes `node main.js` fail with the findings listed', () => {
  // GIVEN the failing app, validated while it synthesizes (no cdk8s-cli plugin)
  const dir = appDir('hook', FAILING_APP, false);

  // WHEN
  const plain = run(process.execPath, ['main.js'], dir);
  const hooked = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ENABLE_VALIDATION: '1' } });

  // THEN without the hook the broken manifests are written; with it, synth fails and lists every failure
  expect(plain.status).toBe(0);
  expect(hooked.status).not.toBe(0);
  expect(hooked.stderr).toContain('Validation failed with the following errors');
  expect(hooked.stderr).toMatch(/error CTR-NAME-DNS1123LABEL Pod bad-pod/);
  expect(hooked.stderr).toContain('BIND-SIZE');
});
