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

/** Every object the examples synthesize: realistic manifests to mutate. */
function exampleManifests(): any[] {
  const out: any[] = [];
  for (const name of exampleNames()) {
    const app = new App();
    loadExample(name).build(app);
    for (const chart of app.node.children) {
      out.push(...Testing.synth(chart as Chart));
    }
  }
  return out;
}

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

describe('fuzz: the validator never throws', () => {
  const manifests = exampleManifests();
  let tmp: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-fuzz-cli-'));
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the examples give realistic manifests to mutate', () => {
    expect(manifests.length).toBeGreaterThan(20);
    expect(new ManifestValidator().validate(manifests).filter((f) => f.severity === Severity.ERROR)).toEqual([]);
  });

  const ANY_JSON = 'ManifestValidator: any JSON values as manifests';
  test(ANY_JSON, () => {
    checkProperty(__filename, ANY_JSON, fc.property(
      fc.array(fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.record({
          apiVersion: fc.constantFrom('v1', 'apps/v1', 'storage.k8s.io/v1', 'x/v1'),
          kind: fc.constantFrom('Pod', 'Deployment', 'Secret', 'ConfigMap', 'PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'Service', 'List'),
          metadata: fc.jsonValue({ maxDepth: 2 }),
          spec: fc.jsonValue({ maxDepth: 3 }),
          data: fc.jsonValue({ maxDepth: 1 }),
          items: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: ['apiVersion', 'kind'] }),
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

  const CLI_TEXT = 'runCli: any text as a manifest file gives exit 0, 1 or 2 and never throws';
  test(CLI_TEXT, () => {
    const yamlish = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.constantFrom('apiVersion: v1\n', 'kind: Pod\n', 'kind: Secret\n', 'metadata:\n', '  name: x\n', 'spec:\n', '  containers:\n',
        '  - name: a\n', '    image: nginx\n', '---\n', '- ', '{', '}', '[', ']', ': ', '"', '\'', '#', '&a ', '*a', '*b', '!!str ', '!foo ', 'name: x\n', '\t', '  ', '\n', 'data:\n', '  k: dg==\n'),
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
      if (![0, 1, 2].includes(code)) {
        throw new GuaranteeViolation(`runCli returned ${code} for ${JSON.stringify(content)}`);
      }
      if (json && code !== 2) {
        JSON.parse(out);
      }
      if (/^\s+at .+:\d+:\d+\)?$/m.test(out)) {
        throw new GuaranteeViolation(`runCli printed a stack trace for ${JSON.stringify(content)}:\n${out}`);
      }
    }));
  }, FUZZ_TIMEOUT);
});
