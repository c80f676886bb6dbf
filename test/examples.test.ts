/**
 * Every example app (examples/s<N>-*.ts) synthesizes through examples/harness.ts (which enables
 * validation, so a validation error fails the synth) and its output passes the manifest validator
 * with no error: the examples are valid real-world manifests for the validator's corpus.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES_DIR, exampleNames, synthExample } from '../examples/harness';
import { ManifestValidator, Severity } from '../src/validation';

const names = exampleNames();
let outRoot: string;

beforeAll(() => {
  outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-examples-'));
});

afterAll(() => {
  fs.rmSync(outRoot, { recursive: true, force: true });
});

function readManifests(files: string[]): any[] {
  return files.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS())).filter((m) => m);
}

test('there are examples to check', () => {
  expect(names.length).toBeGreaterThanOrEqual(12);
});

describe.each(names)('example %s', (name) => {
  test('synthesizes with validation enabled and passes the validator without errors', () => {
    // GIVEN the example app (validation enabled by the harness)
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let files: string[];
    try {
      // WHEN it is synthesized
      files = synthExample(name, path.join(outRoot, name));
    } finally {
      stderr.mockRestore();
    }

    // THEN it wrote at least one manifest
    const manifests = readManifests(files);
    expect(files.length).toBeGreaterThanOrEqual(1);
    expect(manifests.length).toBeGreaterThanOrEqual(1);
    for (const m of manifests) {
      expect(typeof m.apiVersion).toBe('string');
      expect(typeof m.kind).toBe('string');
      expect(typeof m.metadata?.name).toBe('string');
    }
    // AND the validator (all layers) reports no error on it
    const errors = new ManifestValidator().validate(manifests).filter((f) => f.severity === Severity.ERROR);
    expect(errors.map((f) => ManifestValidator.formatFinding(f))).toEqual([]);
  });
});

test('S7 mounts one ConfigMap twice into one pod, each mount with its own items and volume', () => {
  // GIVEN / WHEN the S7 example is synthesized
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  let files: string[];
  try {
    files = synthExample('s7-configmap-nginx', path.join(outRoot, 's7-two-mounts'));
  } finally {
    stderr.mockRestore();
  }
  // THEN its nginx-web pod has two volumes of the map nginx-site, with different items
  const pod = readManifests(files).find((m) => m.kind === 'Pod' && m.metadata.name === 'nginx-web');
  expect(pod.spec.volumes).toEqual([
    { name: 'configmap-nginx-site', configMap: { name: 'nginx-site', items: [{ key: 'default.conf', path: 'default.conf' }] } },
    { name: 'configmap-nginx-site-html', configMap: { name: 'nginx-site', items: [{ key: 'index.html', path: 'index.html' }] } },
  ]);
  expect(pod.spec.containers[0].volumeMounts).toEqual([
    { name: 'configmap-nginx-site', mountPath: '/etc/nginx/conf.d/default.conf', subPath: 'default.conf', readOnly: true },
    { name: 'configmap-nginx-site-html', mountPath: '/usr/share/nginx/html', readOnly: true },
  ]);
});

test('a scenario file runs on its own as a script and writes its YAML', () => {
  // GIVEN the S7 scenario file, run as a script (as `npx ts-node examples/s7-configmap-nginx.ts` does,
  // without the type check to keep the test fast) into a temp directory
  const outdir = path.join(outRoot, 'script-run');
  // WHEN
  const result = spawnSync(process.execPath, [
    '-r', 'ts-node/register/transpile-only', path.join(EXAMPLES_DIR, 's7-configmap-nginx.ts'), '--outdir', outdir,
  ], { cwd: path.join(EXAMPLES_DIR, '..'), encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(EXAMPLES_DIR, 'tsconfig.json') } });
  // THEN it exits 0, says what it wrote, and wrote one validated file per chart
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const written = fs.readdirSync(outdir).sort();
  expect(written).toEqual(['nginx-proxy-directory.k8s.yaml', 'nginx-proxy-items.k8s.yaml', 'nginx-proxy-subpath.k8s.yaml', 'nginx-web.k8s.yaml']);
  expect(result.stdout.trim().split('\n')).toEqual(written.map((f) => `s7-configmap-nginx: wrote ${path.relative(path.join(EXAMPLES_DIR, '..'), path.join(outdir, f))}`));
}, 60_000);
