/**
 * Guarantee: the output is deterministic. The same app gives the same bytes whatever the time
 * zone, the locale, the working directory or the process; and the content hash the config
 * constructs put on pod templates depends only on the content.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { exampleNames, synthExample } from '../../examples/harness';
import { ConfigMapMount, ReloadStrategy } from '../../src/config';

const REPO = path.resolve(__dirname, '..', '..');
const TS_NODE = path.join(REPO, 'node_modules', 'ts-node', 'dist', 'bin.js');

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs examples/synth.ts in its own process with `env` added, writing to `outdir`. */
function synthInProcess(outdir: string, cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      TS_NODE, '--project', path.join(REPO, 'test', 'tsconfig.json'), '--transpile-only',
      path.join(REPO, 'examples', 'synth.ts'), '--outdir', outdir,
    ], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Every file under `dir`, as sorted relative paths. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else {
        out.push(path.relative(dir, p));
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** The first line where two texts differ, for a readable failure. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      return `line ${i + 1}:\n  - ${la[i]}\n  + ${lb[i]}`;
    }
  }
  return 'no line differs (line endings or trailing bytes)';
}

function expectSameTrees(dirA: string, dirB: string): string[] {
  const files = listFiles(dirA);
  expect(listFiles(dirB)).toEqual(files);
  const different = files.filter((f) => !fs.readFileSync(path.join(dirA, f)).equals(fs.readFileSync(path.join(dirB, f))))
    .map((f) => `${f}: ${firstDifference(fs.readFileSync(path.join(dirA, f), 'utf8'), fs.readFileSync(path.join(dirB, f), 'utf8'))}`);
  expect(different).toEqual([]);
  return files;
}

describe('examples synthesize to the same bytes', () => {
  let tmp: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-determinism-'));
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('in two processes with different time zone, locale and working directory', async () => {
    // GIVEN two environments that differ in everything that could leak into the output
    const outA = path.join(tmp, 'a');
    const outB = path.join(tmp, 'b');
    const cwdB = fs.mkdtempSync(path.join(tmp, 'cwd-'));

    // WHEN both synthesize every example at the same time
    const [a, b] = await Promise.all([
      synthInProcess(outA, REPO, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }),
      // Chatham is UTC+12:45/13:45; Turkish has the dotted/dotless i that breaks toUpperCase/localeCompare
      synthInProcess(outB, cwdB, { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }),
    ]);

    // THEN
    expect({ code: a.code, output: a.code === 0 ? '' : a.output }).toEqual({ code: 0, output: '' });
    expect({ code: b.code, output: b.code === 0 ? '' : b.output }).toEqual({ code: 0, output: '' });
    const files = expectSameTrees(outA, outB);
    // every example wrote at least one manifest
    const names = exampleNames();
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const name of names) {
      expect(files.filter((f) => f.startsWith(`${name}${path.sep}`) && f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
    }
    // no absolute path (the output dir, the checkout) leaks into a manifest
    for (const f of files) {
      const text = fs.readFileSync(path.join(outB, f), 'utf8');
      expect({ f, leaks: [tmp, REPO, os.homedir()].filter((p) => text.includes(p)) }).toEqual({ f, leaks: [] });
    }
  }, 120_000);

  test('twice in one process (no state leaks from one app into the next)', () => {
    // GIVEN (the validation hook prints the examples' warnings to stderr: keep the test output clean)
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const names = exampleNames();
    const first = path.join(tmp, 'same-1');
    const second = path.join(tmp, 'same-2');

    // WHEN
    for (const name of names) {
      synthExample(name, path.join(first, name));
    }
    for (const name of [...names].reverse()) {
      synthExample(name, path.join(second, name));
    }

    // THEN
    expect(expectSameTrees(first, second).length).toBeGreaterThanOrEqual(names.length);
  });
});

const HASH_PREFIX = 'checksum.cdk8s-patterns.io/';

/** Synthesizes a Deployment that mounts one file of a ConfigMap (ContentHash is the default for mountFile). */
interface HashOptions {
  readonly mountId?: string;
  readonly cmId?: string;
  readonly binaryData?: Record<string, string>;
}

function hashOf(data: Record<string, string>, opts: HashOptions = {}): Record<string, string> {
  const chart: Chart = Testing.chart();
  const configMap = new kplus.ConfigMap(chart, opts.cmId ?? 'Config', { metadata: { name: 'app-config' }, data, binaryData: opts.binaryData });
  const deployment = new kplus.Deployment(chart, 'Deploy', { metadata: { name: 'app' } });
  const app = deployment.addContainer({ name: 'app', image: 'nginx:1.25.3' });
  const mount = new ConfigMapMount(chart, opts.mountId ?? 'Mount', { pod: deployment, configMap });
  mount.mountFile(app, `/etc/app/${Object.keys(data)[0]}`);
  const d = Testing.synth(chart).find((o) => o.kind === 'Deployment');
  const annotations: Record<string, string> = d.spec.template.metadata.annotations ?? {};
  return Object.fromEntries(Object.entries(annotations).filter(([k]) => k.startsWith(HASH_PREFIX)));
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// cdk8s-plus-27's ConfigMap rejects keys named like Object.prototype members ("constructor" is "already used")
const key = fc.stringMatching(/^[a-zA-Z0-9._-]{1,20}$/)
  .filter((k) => k !== '.' && !k.startsWith('..') && !(k in Object.prototype));
const dataArb = fc.dictionary(key, fc.string({ maxLength: 40 }), { minKeys: 1, maxKeys: 6 });
const RUNS = Math.max(5, Math.min(50, Number(process.env.FUZZ_RUNS ?? 15)));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe('the ContentHash annotation depends only on the content', () => {
  test('is a sha256 on the pod template, keyed by the ConfigMap name', () => {
    const hash = hashOf({ 'app.ini': 'a=1' });

    expect(Object.keys(hash)).toEqual([`${HASH_PREFIX}configmap-app-config`]);
    expect(hash[`${HASH_PREFIX}configmap-app-config`]).toMatch(/^[0-9a-f]{64}$/);
  });

  test('same data in another key order, under other construct ids: same hash', () => {
    fc.assert(fc.property(dataArb, fc.integer({ min: 1, max: 1_000_000 }), (data, seed) => {
      // GIVEN the same entries inserted in another order
      const keys = Object.keys(data);
      const reordered = Object.fromEntries(shuffled(keys, seed).map((k) => [k, data[k]]));
      const first = shuffled(keys, seed)[0];
      const base = Object.fromEntries([[first, data[first]], ...keys.filter((k) => k !== first).map((k) => [k, data[k]])]);

      // WHEN / THEN (the mounted file is the first key in both, so only the order of the rest differs)
      expect(hashOf(reordered, { mountId: 'Other', cmId: 'Elsewhere' })).toEqual(hashOf(base));
    }), { numRuns: RUNS, seed: SEED });
  });

  test('changed data (a value, an added key, a removed key, binaryData): different hash', () => {
    fc.assert(fc.property(dataArb, fc.string({ maxLength: 10 }), (data, extra) => {
      const keys = Object.keys(data);
      const baseline = Object.values(hashOf(data))[0];
      const changedValue = { ...data, [keys[0]]: `${data[keys[0]]}${extra}x` };
      const addedKey = { ...data, 'zz-added-key': extra };
      const variants = [hashOf(changedValue), hashOf(addedKey), hashOf(data, { binaryData: { 'bin.dat': 'AAAA' } })];
      if (keys.length > 1) {
        variants.push(hashOf(Object.fromEntries(keys.slice(0, -1).map((k) => [k, data[k]]))));
      }
      for (const v of variants) {
        expect(Object.values(v)[0]).not.toBe(baseline);
      }
    }), { numRuns: RUNS, seed: SEED });
  });

  test('a value moved from one key to another changes the hash (keys and values are not mixed up)', () => {
    const a = hashOf({ 'a.conf': 'x', 'b.conf': 'y' });
    const b = hashOf({ 'a.conf': 'y', 'b.conf': 'x' });
    const c = hashOf({ 'a.conf': 'xy', 'b.conf': '' });

    expect(new Set([...Object.values(a), ...Object.values(b), ...Object.values(c)]).size).toBe(3);
  });

  test('ReloadStrategy.NONE adds no hash', () => {
    const chart = Testing.chart();
    const configMap = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'app-config' }, data: { 'app.ini': 'a' } });
    const deployment = new kplus.Deployment(chart, 'Deploy', { metadata: { name: 'app' } });
    const app = deployment.addContainer({ name: 'app', image: 'nginx:1.25.3' });
    new ConfigMapMount(chart, 'Mount', { pod: deployment, configMap }).mountFile(app, '/etc/app/app.ini', { reload: ReloadStrategy.NONE });

    const d = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(Object.keys(d.spec.template.metadata.annotations ?? {}).filter((k) => k.startsWith(HASH_PREFIX))).toEqual([]);
  });
});
