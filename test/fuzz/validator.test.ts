/**
 * Property-based tests of the validator itself: whatever it is given (any JSON value, any mutation
 * of a real manifest, any text as a file), `ManifestValidator` returns findings and the CLI returns
 * an exit code; neither throws.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { checkProperty, FUZZ_TIMEOUT, GuaranteeViolation } from './fuzz';
import { exampleNames, loadExample } from '../../examples/harness';
import { ManifestValidator, Severity } from '../../src/validation';
import { runCli } from '../../src/validation/cli';
import { decodeManifests } from '../../src/validation/decode';
import { decodeManifestsFast } from '../../src/validation/decode-fast';

/** Every object the examples synthesize: realistic manifests to mutate. */
function exampleManifests(): any[] {
  const out: any[] = [];
  for (const name of exampleNames()) {
    const app = new App();
    loadExample(name).build(app);
    // the app may hold other constructs than charts (e.g. the library's synth record)
    for (const chart of app.node.children.filter((c) => Chart.isChart(c))) {
      out.push(...Testing.synth(chart as Chart));
    }
  }
  return out;
}

/** The near misses of the rule corpus: realistic objects of every built-in kind the validator has rules for (and CRDs). */
function corpusManifests(): any[] {
  const dir = path.join(__dirname, '..', 'validation', 'corpus');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ok.yaml')).sort()
    .flatMap((f) => decodeManifests(fs.readFileSync(path.join(dir, f), 'utf8'), f, 0).docs.map((d) => d.manifest));
}

/** apiVersion and kind of every built-in kind with rules of its own, for generated objects. */
const KINDS: Array<[string, string]> = [
  ['v1', 'Pod'], ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'],
  ['v1', 'Secret'], ['v1', 'ConfigMap'], ['v1', 'PersistentVolume'], ['v1', 'PersistentVolumeClaim'], ['storage.k8s.io/v1', 'StorageClass'],
  ['v1', 'Service'], ['v1', 'Endpoints'], ['discovery.k8s.io/v1', 'EndpointSlice'], ['networking.k8s.io/v1', 'Ingress'],
  ['networking.k8s.io/v1', 'IngressClass'], ['networking.k8s.io/v1', 'NetworkPolicy'], ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'], ['policy/v1', 'PodDisruptionBudget'], ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['scheduling.k8s.io/v1', 'PriorityClass'], ['node.k8s.io/v1', 'RuntimeClass'], ['v1', 'Namespace'], ['v1', 'ResourceQuota'], ['v1', 'LimitRange'],
  ['storage.k8s.io/v1', 'CSIDriver'], ['coordination.k8s.io/v1', 'Lease'], ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
  ['certificates.k8s.io/v1', 'CertificateSigningRequest'], ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'],
  ['apiregistration.k8s.io/v1', 'APIService'], ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'], ['v1', 'List'], ['x/v1', 'Pod'],
];

const SEVERITIES = new Set<string>([Severity.ERROR, Severity.WARNING, Severity.INFO]);

function validateNoThrow(manifests: any[]): void {
  let findings;
  try {
    findings = new ManifestValidator().validate(manifests);
  } catch (e) {
    throw new GuaranteeViolation(`ManifestValidator.validate threw: ${(e as Error).stack ?? e}`);
  }
  for (const f of findings) {
    if (typeof f.ruleId !== 'string' || !SEVERITIES.has(f.severity) || typeof f.message !== 'string' || typeof f.path !== 'string') {
      throw new GuaranteeViolation(`malformed finding: ${JSON.stringify(f)}`);
    }
  }
}

/** A path into `obj` (keys and indexes), chosen by `picks`. */
function pickPath(obj: any, picks: number[]): Array<string | number> {
  const out: Array<string | number> = [];
  let cur = obj;
  for (const p of picks) {
    if (cur === null || typeof cur !== 'object') {
      break;
    }
    const keys: Array<string | number> = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (keys.length === 0) {
      break;
    }
    const k = keys[p % keys.length];
    out.push(k);
    cur = cur[k];
  }
  return out;
}

type Mutation = { readonly op: 'delete' | 'set'; readonly picks: number[]; readonly value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete', 'set') as fc.Arbitrary<'delete' | 'set'>,
  picks: fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, '', -1, 0, 1.5, 2 ** 53, '1Gi', '-1', 'Always', 'ReadWriteOnce', '/..', 'a b', [], {}, '\u0000'),
  ),
});

function mutate(manifest: any, m: Mutation): any {
  const copy = JSON.parse(JSON.stringify(manifest));
  const p = pickPath(copy, m.picks);
  if (p.length === 0) {
    return copy;
  }
  let parent = copy;
  for (const k of p.slice(0, -1)) {
    parent = parent[k];
  }
  const last = p[p.length - 1];
  if (m.op === 'delete') {
    if (Array.isArray(parent)) {
      parent.splice(last as number, 1);
    } else {
      delete parent[last];
    }
  } else {
    parent[last] = m.value;
  }
  return copy;
}

/** Every field path of `v` (and a few that do not exist), as findings write them. */
function pathsOf(v: unknown, prefix = '', out: string[] = []): string[] {
  out.push(`${prefix}${prefix ? '.' : ''}missing`);
  if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = Array.isArray(v) ? `${prefix}[${k}]` : /^[A-Za-z]+$/.test(k) ? `${prefix}${prefix ? '.' : ''}${k}` : `${prefix}[${k}]`;
      out.push(p);
      if (out.length < 200) {
        pathsOf(child, p, out);
      }
    }
  }
  return out;
}

const YAML_PIECES = fc.array(fc.constantFrom(
  'apiVersion: v1\n', 'kind: ConfigMap\n', 'kind: Pod\n', 'metadata:\n', '  name: a\n', '  name: Bad_Name\n', '  labels:\n', '    app: on\n',
  '    app: web\n', 'data:\n', '  k: yes\n', '  k: "yes"\n', '  m: 0644\n', '  n: ~\n', 'base: &b {k: v}\n', '  <<: *b\n', '  <<: {x: "1"}\n',
  'spec:\n', '  containers:\n', '  - name: c\n', '    image: nginx:1.25.3\n', '---\n', 'kind: List\nitems:\n', '- apiVersion: v1\n',
  '  kind: ConfigMap\n', '  metadata: {name: i}\n', '  data: {a: b, a: c}\n', 'a: [\n', '*x\n',
), { maxLength: 20 }).map((parts) => parts.join(''));

describe('fuzz: YAML forms decode the same way in the CLI and in ManifestValidator on the decoded input', () => {
  let tmp: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-fuzz-yaml-'));
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const FAST = 'the fast decode path gives the objects, errors and lines of the exact one';
  test(FAST, () => {
    const pieces = fc.oneof(YAML_PIECES, fc.array(fc.constantFrom(
      'a: 1\n', 'b: yes\n', 'c: 0644\n', '1: x\n', 'null: y\n', '"q": "r"\n', 'd: .inf\n', 'e: [1, {f: g}]\n', '- h\n', '---\n', '--- # c\n',
      '--- x\n', '...\n', '# only a comment\n', 'k: |\n  ---\n  text\n', '\ufeff', '\r\n', 'z: "a\\tb"\n', 'n:\n', 'o: ~\n', 'p: 1e3\n', 'x: 2001-01-01\n',
      '{"apiVersion": "v1", "kind": "ConfigMap"}\n', 'y: \'it\'\'s\'\n', '  indented: 1\n', 'w: - x\n', '?\n',
      '[a, b]: c\n', '{a: 1}: d\n', '[a]: e\n', 'f: {g:h}\n', 'u: http://x:80/p?q=1\n', 'v: "\\x41\\/\\u263A"\n', 'm: >\n  folded\n  text\n',
      'k: |+\n  keep\n\n', 'a: b: c\n', 'a:b\n', '- - x\n', 'p: plain\n  continued\n', 'q: "multi\n  line"\n', 's: x # comment\n',
    ), { maxLength: 12 }).map((parts) => parts.join('')));
    checkProperty(__filename, FAST, fc.property(pieces, (text) => {
      const exact = decodeManifests(text, 'f.yaml', 3);
      const fast = decodeManifestsFast(text, 'f.yaml', 3);
      const recorded = decodeManifestsFast(text, 'f.yaml', 3, { recordPositions: true });
      const view = (d: typeof exact) => JSON.stringify({
        docs: d.docs.map((x) => [x.manifest, x.index, x.line, ...pathsOf(x.manifest).map((p) => [p, x.lineOf?.(p)])]),
        errors: d.errors,
      });
      // after a syntax error, yaml's recovery may shift the next documents: there the fast path (which parses each
      // document alone) only has to report an error too
      if (exact.errors.length > 0 ? fast.errors.length === 0 : view(exact) !== view(fast)) {
        throw new GuaranteeViolation(`the fast path differs on ${JSON.stringify(text)}:\n${view(exact)}\nvs\n${view(fast)}`);
      }
      // positions recorded while decoding (the CLI with lint) give the same as positions computed when asked
      if (view(recorded) !== view(fast)) {
        throw new GuaranteeViolation(`recordPositions differs on ${JSON.stringify(text)}:\n${view(fast)}\nvs\n${view(recorded)}`);
      }
    }));
  }, FUZZ_TIMEOUT);

  const SAME = 'runCli --format json = ManifestValidator on the documents of decodeManifestsFast(text) + one YAML-INVALID per decode error';
  test(SAME, () => {
    let n = 0;
    checkProperty(__filename, SAME, fc.property(YAML_PIECES, (text) => {
      const file = `case-${n++}.yaml`;
      fs.writeFileSync(path.join(tmp, file), text);
      let out = '';
      const code = runCli(['validate', '--format', 'json', file], { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, cwd: tmp });
      const decoded = decodeManifestsFast(text, file, 0);
      // the decoded documents, not only their objects: duplicate keys are a fact of the text (YAML-DUPLICATE-KEY)
      const direct = new ManifestValidator()._validateDocs(decoded.docs);
      const key = (f: any) => `${f.ruleId} ${f.severity} ${f.kind} ${f.name} ${f.path} ${f.message}`;
      const cli = JSON.parse(out).findings;
      const expected = [...direct.map(key), ...decoded.errors.map((e) => `YAML-INVALID error ? ?  ${e.message}`)].sort();
      if (JSON.stringify(cli.map(key).sort()) !== JSON.stringify(expected) || code !== (cli.some((f: any) => f.severity === 'error') ? 1 : 0)) {
        throw new GuaranteeViolation(`the CLI and ManifestValidator disagree on ${JSON.stringify(text)}:\n${out}\nvs\n${JSON.stringify(expected)}`);
      }
    }));
  }, FUZZ_TIMEOUT);
});

describe('fuzz: the validator never throws', () => {
  const manifests = [...exampleManifests(), ...corpusManifests()];
  let tmp: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-fuzz-cli-'));
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the examples give realistic manifests to mutate', () => {
    expect(manifests.length).toBeGreaterThan(200);
    expect(new ManifestValidator().validate(exampleManifests()).filter((f) => f.severity === Severity.ERROR)).toEqual([]);
  });

  const ANY_JSON = 'ManifestValidator: any JSON values as manifests';
  test(ANY_JSON, () => {
    checkProperty(__filename, ANY_JSON, fc.property(
      fc.array(fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.tuple(fc.constantFrom(...KINDS), fc.record({
          metadata: fc.jsonValue({ maxDepth: 2 }),
          spec: fc.jsonValue({ maxDepth: 3 }),
          data: fc.jsonValue({ maxDepth: 1 }),
          items: fc.jsonValue({ maxDepth: 2 }),
          rules: fc.jsonValue({ maxDepth: 3 }),
          subjects: fc.jsonValue({ maxDepth: 2 }),
          webhooks: fc.jsonValue({ maxDepth: 3 }),
          subsets: fc.jsonValue({ maxDepth: 3 }),
        }, { requiredKeys: [] })).map(([[apiVersion, kind], rest]) => ({ apiVersion, kind, ...rest })),
      ), { maxLength: 4 }),
      (values) => validateNoThrow(values),
    ));
  }, FUZZ_TIMEOUT);

  const MUTATED = 'ManifestValidator: real manifests with fields deleted or replaced';
  test(MUTATED, () => {
    checkProperty(__filename, MUTATED, fc.property(
      fc.array(fc.tuple(fc.nat(manifests.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 4 }),
      (edits) => {
        const docs = edits.map(([i, ms]) => ms.reduce((m, mu) => mutate(m, mu), manifests[i]));
        validateNoThrow(docs);
      },
    ));
  }, FUZZ_TIMEOUT);

  const SECRET_VALUES = 'ManifestValidator: no finding about a (broken) Secret quotes its value, raw or base64';
  test(SECRET_VALUES, () => {
    const password = 'Harbor12345-top-secret';
    const b64 = Buffer.from(password).toString('base64');
    checkProperty(__filename, SECRET_VALUES, fc.property(
      fc.record({
        kindKey: fc.constantFrom('kind', 'Kind', 'kinds'),
        kind: fc.constantFrom('Secret', 'secret', 'ConfigMap'),
        apiVersion: fc.constantFrom('v1', 'v2', undefined),
        type: fc.constantFrom(undefined, 'Opaque', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg', 'kubernetes.io/tls', 'kubernetes.io/ssh-auth', 'x'),
        field: fc.constantFrom('data', 'stringData'),
        key: fc.constantFrom('pw', '.dockerconfigjson', '.dockercfg', 'bad key', 'ssh-privatekey', 'tls.key', '', 'constructor'),
        encode: fc.boolean(),
        wrap: fc.constantFrom('plain', 'array', 'object'),
        extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
        name: fc.constantFrom('s', 'Bad_Name', undefined),
      }),
      fc.array(mutation, { maxLength: 2 }),
      (g, mutations) => {
        const raw = g.encode ? b64 : password;
        const value = g.wrap === 'plain' ? raw : g.wrap === 'array' ? [raw] : { v: raw };
        const doc: any = { ...g.extra, [g.kindKey]: g.kind, [g.field]: { [g.key]: value } };
        for (const [k, v] of [['apiVersion', g.apiVersion], ['type', g.type], ['metadata', g.name === undefined ? undefined : { name: g.name }]] as const) {
          if (v !== undefined) {
            doc[k] = v;
          }
        }
        if (doc[g.kindKey] === 'ConfigMap' && g.kindKey === 'kind') {
          return; // ConfigMap values are not secret
        }
        const findings = new ManifestValidator().validate([mutations.reduce((m, mu) => mutate(m, mu), doc)]);
        const text = JSON.stringify(findings);
        if (text.includes(password) || text.includes(b64)) {
          throw new GuaranteeViolation(`a finding quotes the Secret value: ${text}`);
        }
      },
    ));
  }, FUZZ_TIMEOUT);

  const CLI_TEXT = 'runCli: any text as a manifest file gives exit 0 or 1 and never throws';
  test(CLI_TEXT, () => {
    const yamlish = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.constantFrom('apiVersion: v1\n', 'kind: Pod\n', 'kind: Secret\n', 'metadata:\n', '  name: x\n', 'spec:\n', '  containers:\n',
        '  - name: a\n', '    image: nginx\n', '---\n', '- ', '{', '}', '[', ']', ': ', '"', '\'', '#', '&a ', '*a', '*b', '!!str ', '!foo ', 'name: x\n', '\t', '  ', '\n', 'data:\n', '  k: dg==\n',
        // YAML 1.1 forms as kubectl reads them (decode.ts): merge keys, booleans, octal, nulls, duplicate keys, tags
        '<<: ', '<<: *a\n', '<<: [*a, *b]\n', 'yes', 'on', 'y: ', 'n\n', '0644', '0o644', '0x1F', '1_000', '.inf', '~', '!!int ', '!!binary ',
        '2001-12-14 ', '? ', 'name: y\n', '&b {k: v}\n'),
      { maxLength: 25 }).map((parts) => parts.join('')),
    );
    let n = 0;
    checkProperty(__filename, CLI_TEXT, fc.property(yamlish, fc.boolean(), (content, json) => {
      const file = path.join(tmp, `case-${n++}.yaml`);
      fs.writeFileSync(file, content);
      let out = '';
      let code: number;
      try {
        code = runCli(['validate', ...json ? ['--format', 'json'] : [], file], { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, cwd: tmp });
      } catch (e) {
        throw new GuaranteeViolation(`runCli threw on ${JSON.stringify(content)}: ${(e as Error).stack ?? e}`);
      }
      if (![0, 1].includes(code)) { // 2 is for usage errors only: an unreadable file is a YAML-INVALID finding
        throw new GuaranteeViolation(`runCli returned ${code} for ${JSON.stringify(content)}`);
      }
      if (json) {
        JSON.parse(out);
      }
      if (/^\s+at .+:\d+:\d+\)?$/m.test(out)) {
        throw new GuaranteeViolation(`runCli printed a stack trace for ${JSON.stringify(content)}:\n${out}`);
      }
    }));
  }, FUZZ_TIMEOUT);
});

describe('fuzz: hostile CRDs and custom resources stay harmless', () => {
  // schemas and CEL rules come from the files being validated: patterns are RE2 (linear time), CEL is bounded
  const PATTERNS = ['^(a+)+$', '(a|aa)+b', '^(a|a?)+$', '(x+x+)+y', '[', '(?=a)', '\\p{Greek}+', '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', ''];
  const RULES = [
    'self.l.all(a, self.l.all(b, self.l.all(c, a == b || b != c)))', 'self.s.matches(\'^(a|aa)+$\')', 'self.s.find(\'(a+)+b\') == \'\'',
    'self.l.exists(x, x > 0)', 'has(self.s) && self.s.size() < 10', 'self.l.map(x, x * 2).filter(y, y > 3).size() >= 0', 'self.m.x == 1',
    'int(self.s) > 0', '1/0 == 1', 'self.l.isSorted()', 'self.l.sum() > 0', `${'('.repeat(300)}true${')'.repeat(300)}`, 'oldSelf == self',
    'self.s.matches(\'[\')', 'self == self', 'self.l[1000000] == 0', 'self.s + self.s + self.s == self.s',
  ];
  const schemaArb = fc.record({
    pattern: fc.constantFrom(...PATTERNS),
    maxLength: fc.option(fc.nat(100_000), { nil: undefined }),
    listType: fc.constantFrom(undefined, 'set', 'map', 'atomic', 'bogus'),
    itemType: fc.constantFrom('integer', 'string', 'object', 'number', undefined),
    rules: fc.array(fc.constantFrom(...RULES), { maxLength: 3 }),
    preserve: fc.boolean(),
    nested: fc.constantFrom(0, 1, 50, 300),
  });
  const valueArb = fc.record({
    s: fc.oneof(fc.constantFrom('a'.repeat(20_000), `${'a'.repeat(20_000)}b`, '', 'x'), fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
    l: fc.oneof(fc.constantFrom(Array.from({ length: 3_000 }, (_, i) => i)), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 6 })),
    m: fc.jsonValue({ maxDepth: 2 }),
    extra: fc.jsonValue({ maxDepth: 2 }),
  }, { requiredKeys: [] });

  const HOSTILE = 'ManifestValidator: generated CRDs (hostile patterns, CEL rules, list types, deep nesting) and objects: no throw, bounded time';
  test(HOSTILE, () => {
    checkProperty(__filename, HOSTILE, fc.property(schemaArb, valueArb, (g, value) => {
      let deep: any = { type: 'string', pattern: g.pattern };
      for (let i = 0; i < g.nested; i++) {
        deep = { type: 'object', properties: { n: deep } };
      }
      const spec: any = {
        'type': 'object',
        'x-kubernetes-validations': g.rules.map((rule) => ({ rule })),
        'x-kubernetes-preserve-unknown-fields': g.preserve ? true : undefined,
        'properties': {
          s: { type: 'string', pattern: g.pattern, maxLength: g.maxLength },
          l: {
            'type': 'array',
            'items': { type: g.itemType, properties: g.itemType === 'object' ? { name: { type: 'string' } } : undefined },
            'x-kubernetes-list-type': g.listType,
            'x-kubernetes-list-map-keys': g.listType === 'map' ? ['name'] : undefined,
          },
          m: { type: 'object', additionalProperties: { type: 'integer' } },
          deep,
        },
      };
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'widgets', kind: 'Widget' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } }],
        },
      };
      let deepValue: any = 'a'.repeat(100);
      for (let i = 0; i < g.nested; i++) {
        deepValue = { n: deepValue };
      }
      const start = Date.now();
      validateNoThrow([JSON.parse(JSON.stringify(crd)), { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { ...value, deep: deepValue } }]);
      const ms = Date.now() - start;
      if (ms > 5_000) { // generous: the machine may be shared; a backtracking or unbounded evaluation takes minutes
        throw new GuaranteeViolation(`validating a generated CRD and object took ${ms} ms: ${JSON.stringify(g)}`);
      }
    }));
  }, FUZZ_TIMEOUT);
});
