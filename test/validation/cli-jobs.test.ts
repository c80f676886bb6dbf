/**
 * The CLI at scale (issue 11): validation document by document with slim records for the
 * cross-object layer, big files cut into pieces, and `--jobs N` worker threads. None of it may
 * change a finding: slim records give the cross-object rules the same findings as the full
 * objects (corpus and fuzz), pieces decode as the whole file does, and the CLI prints the same
 * report (same order, same text, same exit code) for any --jobs and any piece size.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { ManifestValidator } from '../../src/validation';
import { CliTuning, runCli } from '../../src/validation/cli';
import { planPieces } from '../../src/validation/cli/pieces';
import type { PoolStats } from '../../src/validation/cli/pool';
import { RunContext } from '../../src/validation/core/context';
import { decodeManifests, DecodeError } from '../../src/validation/decode';
import { decodeManifestsFast, filePieces } from '../../src/validation/decode-fast';
import { decodeErrorFindings, mergeFindings } from '../../src/validation/decode-findings';
import type { SourceDoc } from '../../src/validation/report';
import { slimManifest } from '../../src/validation/slim';

const CORPUS = path.join(__dirname, 'corpus');
const corpusFiles = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();

/** The cross-object findings of `docs` (in order, with layer and object index), on the full objects or on slim records. */
function crossFindings(docs: readonly SourceDoc[], slim: boolean): unknown[] {
  const v = new ManifestValidator();
  const objects = docs.filter((d) => d.manifest !== null && typeof d.manifest === 'object')
    .map((d) => (slim ? { ...d, manifest: slimManifest(d.manifest) } : d));
  return v._rankedFindings(v._crossObject(objects, new RunContext())).map((r) => ({ ...r.finding, index: r.index, layer: r.layer }));
}

function corpusDocs(file: string): SourceDoc[] {
  return decodeManifests(fs.readFileSync(path.join(CORPUS, file), 'utf8'), file, 0).docs;
}

describe('slim records', () => {
  test.each(corpusFiles)('the cross-object rules find the same on slim records: %s', (file) => {
    const docs = corpusDocs(file);
    expect(crossFindings(docs, true)).toEqual(crossFindings(docs, false));
  });

  test('the corpus as one set: the same cross-object findings (and there are some)', () => {
    const docs = corpusFiles.flatMap((f) => corpusDocs(f)).map((d, index) => ({ ...d, index }));
    const full = crossFindings(docs, false);
    expect(full.length).toBeGreaterThan(50);
    expect(crossFindings(docs, true)).toEqual(full);
  });

  test('a slim record keeps only what the cross-object rules read', () => {
    const pod = decodeManifests(`apiVersion: v1
kind: Pod
metadata: {name: p, namespace: ns, labels: {app: web}, annotations: {big: "${'x'.repeat(1000)}"}}
spec:
  containers:
  - name: app
    image: nginx:1.25.3
    command: [sh, -c, "exec nginx"]
    env: [{name: A, value: b}]
    volumeMounts: [{name: d, mountPath: /d}]
    ports: [{containerPort: 80, name: http}]
  volumes: [{name: d, emptyDir: {}}]
`, 'p.yaml', 0).docs[0].manifest;
    expect(slimManifest(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', labels: { app: 'web' } },
      spec: { containers: [{ ports: [{ containerPort: 80, name: 'http' }] }] },
    });
  });

  // mutations of the corpus objects, as the validator fuzz makes them, plus fields the rules look for
  const pool = corpusFiles.flatMap((f) => corpusDocs(f).map((d) => d.manifest)).filter((m) => m !== null && typeof m === 'object');
  const INTERESTING = ['stringData', 'data', 'Kind', 'kind', 'imagePullSecrets', 'subPath', 'valueFrom', 'command', 'args', 'image', 'volumes',
    'env', 'volumeMounts', 'configMap', 'secret', 'persistentVolumeClaim', 'claimName', 'selector', 'ports', 'template', '__proto__', 'binaryData'];
  type Mutation = { op: 'delete' | 'set' | 'add'; picks: number[]; key: string; value: unknown };
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    op: fc.constantFrom('delete', 'set', 'add') as fc.Arbitrary<'delete' | 'set' | 'add'>,
    picks: fc.array(fc.nat(50), { minLength: 1, maxLength: 7 }),
    key: fc.constantFrom(...INTERESTING),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', 0, 'sh', ['sh', 'script.sh'], ['bash', 'echo hi'], { name: 'cm', key: 'k' },
      [{ name: 'pull' }], { a: 'YWJj' }, 'a/b', [], {})),
  });
  const mutate = (manifest: any, ms: Mutation[]): any => {
    const copy = JSON.parse(JSON.stringify(manifest));
    for (const m of ms) {
      let parent: any = copy;
      let last: string | number | undefined;
      for (const p of m.picks) {
        const cur = last === undefined ? parent : parent[last];
        if (cur === null || typeof cur !== 'object') {
          break;
        }
        const keys: Array<string | number> = Array.isArray(cur) ? cur.map((_: unknown, i: number) => i) : Object.keys(cur);
        if (keys.length === 0) {
          break;
        }
        if (last !== undefined) {
          parent = cur;
        }
        last = keys[p % keys.length];
      }
      if (last === undefined) {
        continue;
      }
      if (m.op === 'delete') {
        if (Array.isArray(parent)) {
          parent.splice(last as number, 1);
        } else {
          delete parent[last];
        }
      } else if (m.op === 'set') {
        parent[last] = m.value;
      } else if (parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
        Object.defineProperty(parent[last], m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      }
    }
    return copy;
  };

  test('fuzz: mutated sets give the same cross-object findings on slim records', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ at: fc.nat(pool.length - 1), mutations: fc.array(mutation, { maxLength: 3 }) }), { minLength: 1, maxLength: 10 }),
      (picked) => {
        const docs: SourceDoc[] = picked.map((p, index) => ({ manifest: mutate(pool[p.at], p.mutations), index }));
        expect(crossFindings(docs, true)).toEqual(crossFindings(docs, false));
      },
    ), { numRuns: Number(process.env.FUZZ_RUNS ?? 300) });
  });
});

/** `text` decoded piece by piece (byte ranges from `planPieces`), lines shifted: what the CLI gets. */
function decodeByPieces(text: string, pieceBytes: number): { docs: unknown[]; errors: unknown[]; pieces: number } {
  const file = path.join(os.tmpdir(), `cdk8s-patterns-pieces-${process.pid}.yaml`);
  fs.writeFileSync(file, text);
  try {
    const bytes = fs.readFileSync(file);
    const pieces = planPieces(file, bytes.length, pieceBytes) ?? [{ start: 0, end: bytes.length, lineBase: 0 }];
    const docs: unknown[] = [];
    const errors: unknown[] = [];
    for (const p of pieces) {
      const d = decodeManifestsFast(bytes.subarray(p.start, p.end).toString('utf8'), 'f.yaml', 0);
      docs.push(...d.docs.map((x) => ({ manifest: x.manifest, line: x.line! + p.lineBase })));
      errors.push(...d.errors.map((e) => ({ message: e.message, line: e.line === undefined ? undefined : e.line + p.lineBase, column: e.column })));
    }
    return { docs, errors, pieces: pieces.length };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function decodeWhole(text: string): { docs: unknown[]; errors: unknown[] } {
  const d = decodeManifestsFast(text, 'f.yaml', 0);
  return {
    docs: d.docs.map((x) => ({ manifest: x.manifest, line: x.line })),
    errors: d.errors.map((e) => ({ message: e.message, line: e.line, column: e.column })),
  };
}

describe('pieces of a big file', () => {
  const DOCS = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: yes\n',
    '# a comment first\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n',
    '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "json"}}\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25.3\n',
    'base: &b {k: v}\nother: *b\n',
    'a: [\n',
    '\n\n',
    'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n',
    'kind: List\napiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: i}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u}\ndata: {k: "ünïcödé"}\n',
  ];
  const MARKERS = ['---\n', '--- \n', '--- # next\n', '---\r\n', '---\t\n', '--- !tag x\n', '----\n', '--- # é\n'];

  test('decode exactly as the whole file, for any file and piece size', () => {
    fc.assert(fc.property(
      fc.boolean(),
      fc.array(fc.record({ doc: fc.nat(DOCS.length - 1), marker: fc.nat(MARKERS.length - 1) }), { minLength: 1, maxLength: 25 }),
      fc.integer({ min: 1, max: 400 }),
      (bom, parts, pieceBytes) => {
        const text = (bom ? '\ufeff' : '') + parts.map((p, i) => (i === 0 ? '' : MARKERS[p.marker]) + DOCS[p.doc]).join('');
        const { pieces, ...byPieces } = decodeByPieces(text, pieceBytes);
        expect(byPieces).toEqual(decodeWhole(text));
        return pieces >= 1;
      },
    ), { numRuns: 300 });
  });

  test('a file of many documents is cut; the string planner (stdin) agrees with the byte planner', () => {
    const text = Array.from({ length: 200 }, (_, i) => DOCS[i % 4].replace(/name: (\w+)/, `name: $1-${i}`)).join('---\n');
    const r = decodeByPieces(text, 500);
    expect(r.pieces).toBeGreaterThan(10);
    const { pieces, ...rest } = r;
    expect(rest).toEqual(decodeWhole(text));
    expect(filePieces(text, 500).length).toBe(pieces);
  });
});

describe('--jobs', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-jobs-'));
    fs.mkdirSync(path.join(dir, 'corpus'));
    for (const f of corpusFiles) {
      fs.copyFileSync(path.join(CORPUS, f), path.join(dir, 'corpus', f));
    }
    // a generated set over several files: references across files, a big file, a CRD after the custom resources it defines
    const gen = path.join(dir, 'gen');
    fs.mkdirSync(gen);
    const pods = Array.from({ length: 300 }, (_, i) => `apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
  namespace: team-${i % 3}
  labels: {app: web-${i % 5}}
spec:
  containers:
  - name: app
    image: ${i % 7 === 0 ? 'nginx:latest' : 'registry.example.com/app:1.0'}
    command: ${i % 11 === 0 ? '[sh, "echo hi"]' : '[app]'}
    envFrom: [{configMapRef: {name: cfg-${i % 4}}}]
    ${i % 13 === 0 ? 'resources: {limits: {cpu: -1}}' : 'ports: [{containerPort: 8080, name: http}]'}
    volumeMounts: [{name: cfg, mountPath: /etc/cfg, subPath: ${i % 9 === 0 ? 'missing.conf' : 'app.conf'}}]
  volumes: [{name: cfg, configMap: {name: cfg-${i % 4}}}]
${i % 17 === 0 ? '  imagePullSecrets: [{name: pull}]\n' : ''}`).join('---\n');
    fs.writeFileSync(path.join(gen, 'a-pods.yaml'), pods);
    fs.writeFileSync(path.join(gen, 'b-config.yaml'), [0, 1, 2].map((i) => `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg-${i}, namespace: team-${i}}
data: {app.conf: "x"}
`).join('---\n') + `---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: team-1}
spec:
  selector: {app: web-1}
  ports: [{port: 80, targetPort: https}]
---
apiVersion: v1
kind: Service
metadata: {name: none, namespace: team-2}
spec:
  selector: {app: nothing}
  ports: [{port: 80}]
`);
    fs.writeFileSync(path.join(gen, 'c-widgets.yaml'), `apiVersion: example.com/v1
kind: Widget
metadata: {name: w1}
spec: {size: 3}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w2}
spec: {size: "big"}
---
apiVersion: example.com/v2
kind: Widget
metadata: {name: w3}
`);
    fs.writeFileSync(path.join(gen, 'd-crd.yaml'), `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Cluster
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer, maximum: 2}
`);
    fs.writeFileSync(path.join(gen, 'e-broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\na: [\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: pull}\ntype: Opaque\n');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function run(args: string[], tuning: CliTuning = {}, stdin?: string): { code: number; out: string; err: string } {
    let out = '';
    let err = '';
    const code = runCli(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, readStdin: () => stdin ?? '' }, tuning);
    return { code, out, err };
  }

  // workers for any input, and pieces of a few documents
  const SPREAD: CliTuning = { minParallelBytes: 0, pieceChars: 1500 };

  test.each([
    ['the corpus', ['corpus'], true],
    ['the generated set', ['gen'], true],
    ['the generated set, json', ['--format', 'json', 'gen'], false],
    ['the generated set, junit', ['--format', 'junit', 'gen'], false],
    ['the generated set, sarif, lint off', ['--format', 'sarif', '--no-lint', 'gen'], false],
  ])('%s: the same report with --jobs 1 and --jobs 2, whole files or pieces', (_, args, all) => {
    // whole files on the main thread: the reference
    const one = run(['validate', '--jobs', '1', ...args], { pieceChars: 1e12 });
    expect(one.err).toBe('');
    expect(one.out.length).toBeGreaterThan(100);
    const variants: Array<[string, CliTuning]> = all
      ? [['1', {}], ['1', SPREAD], ['2', SPREAD], ['3', { minParallelBytes: 0 }]]
      : [['2', SPREAD]];
    for (const [jobs, tuning] of variants) {
      let stats: PoolStats | undefined;
      const other = run(['validate', '--jobs', jobs, ...args], { ...tuning, onPool: (s) => { stats = s; } });
      expect({ code: other.code, out: other.out, err: other.err }).toEqual(one);
      // the workers did run tasks (from the TypeScript sources: worker.ts through ts-node)
      expect(stats!.workers).toBe(Number(jobs) - 1);
      if (jobs !== '1') {
        expect(stats!.workerTasks).toBeGreaterThan(0);
      }
    }
  }, 120_000);

  test('the generated set has findings of every kind the merge has to order', () => {
    const r = run(['validate', '--jobs', '1', 'gen']);
    for (const rule of ['XREF-SUBPATH-NOFILE', 'CTR-SHELL-NO-DASH-C', 'XREF-CONFIGMAP-MISSING', 'SVC-SELECTOR-NOMATCH', 'SVC-TARGETPORT-NOMATCH',
      'XREF-SECRET-MISSING', 'LINT-LATEST-TAG', 'CR-VERSION', 'YAML-INVALID']) {
      expect(r.out).toContain(rule);
    }
    // a CRD after the custom resources it defines is used for them (validated again once the set's CRDs are known)
    expect(r.out).toMatch(/c-widgets\.yaml:\d+: error \S+ Widget w2/);
  });

  test('the same findings as ManifestValidator on all the objects at once (the way before issue 11)', () => {
    const files = fs.readdirSync(path.join(dir, 'gen')).sort().map((f) => path.join('gen', f));
    const docs: SourceDoc[] = [];
    const errors: DecodeError[] = [];
    for (const f of files) {
      const d = decodeManifestsFast(fs.readFileSync(path.join(dir, f), 'utf8'), f, docs.length);
      docs.push(...d.docs);
      errors.push(...d.errors);
    }
    const expected = mergeFindings(new ManifestValidator()._validateDocs(docs), decodeErrorFindings(errors, {}), files);
    for (const tuning of [{}, SPREAD]) {
      const r = run(['validate', '--jobs', '2', '--format', 'json', 'gen'], tuning);
      expect(JSON.parse(r.out).findings).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });

  test('standard input: cut into pieces and spread the same way', () => {
    const text = fs.readFileSync(path.join(dir, 'gen', 'a-pods.yaml'), 'utf8') + '---\n' + fs.readFileSync(path.join(dir, 'gen', 'b-config.yaml'), 'utf8');
    const whole = run(['validate', '-'], { pieceChars: 1e12 }, text);
    expect(whole.out).toContain('<stdin>:');
    expect(run(['validate', '--jobs', '2', '-'], SPREAD, text)).toEqual(whole);
  });

  test('a worker that fails to start or dies: its tasks run on the main thread, the same report', () => {
    const whole = run(['validate', 'gen'], { pieceChars: 1e12 });
    const signal = 'const s = require("worker_threads").workerData; process.on("exit", () => { Atomics.store(s.signal, 1 + s.index, 1); '
      + 'Atomics.add(s.signal, 0, 1); Atomics.notify(s.signal, 0); });\n';
    for (const code of [`${signal}throw new Error("cannot load");`, `${signal}s.port.on("message", () => process.exit(3));`]) {
      let stats: PoolStats | undefined;
      const r = run(['validate', '--jobs', '2', 'gen'], { ...SPREAD, workerCode: code, onPool: (x) => { stats = x; } });
      expect(r).toEqual(whole);
      expect(stats).toEqual(expect.objectContaining({ workers: 1, workerTasks: 0 }));
    }
  });

  test('a small input uses no worker', () => {
    let stats: PoolStats | undefined;
    run(['validate', '--jobs', '4', 'gen'], { onPool: (s) => { stats = s; } });
    expect(stats).toEqual(expect.objectContaining({ workers: 0, workerTasks: 0 }));
  });

  test('--jobs takes a number', () => {
    expect(run(['validate', '--jobs', '0', 'gen']).code).toBe(2);
    expect(run(['validate', '--jobs', 'x', 'gen']).err).toContain('--jobs takes a number of threads');
  });
});
