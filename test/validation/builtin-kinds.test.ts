/**
 * The rule modules of the remaining built-in kinds (quota/limits, namespace/endpoints, discovery,
 * storage CSI kinds, coordination, admission, certificates, flowcontrol, apiregistration): whatever
 * shape their fields take, the checks report and never throw; and a check only runs for the
 * apiVersions the kind is served under.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { ManifestValidator } from '../../src/validation';

const CORPUS = path.join(__dirname, 'corpus');
const AREAS = ['quota-limits', 'namespace-endpoints', 'endpointslice', 'storage-csi', 'lease', 'webhooks', 'certificates', 'flowcontrol', 'apiservice'];
const MINE = /^(QUOTA|LIMITRANGE|NS|EP|EPS|CSIDRIVER|CSINODE|VA|LEASE|WEBHOOK|CSR|FS|PLC|APISVC)-/;

function load(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(path.join(CORPUS, file), 'utf8')).map((d) => d.toJS()).filter((m) => m && typeof m === 'object');
}

const objects: any[] = AREAS.flatMap((a) => [...load(`${a}.ok.yaml`), ...load(`${a}.bad.yaml`)]);

/** Every path (as keys) to a value inside `v`. */
function paths(v: any, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(v)) {
    v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(...paths(x, [...prefix, k]));
    }
  }
  return out;
}

function replaced(m: any, at: Array<string | number>, value: unknown): any {
  if (at.length === 0) {
    return value;
  }
  const copy: any = Array.isArray(m) ? [...m] : { ...(m && typeof m === 'object' ? m : {}) };
  const [head, ...rest] = at;
  copy[head] = replaced(copy[head], rest, value);
  return copy;
}

test('any value at any field of these kinds is reported, never thrown', () => {
  const hostile = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('__proto__', 'constructor', 'toString', '*', '', '-1', '1e400', '::', '0.0.0.0', 'https://u:p@h/?q#f', '-----BEGIN X-----', null),
    fc.integer(), fc.double(),
  );
  fc.assert(fc.property(fc.nat(objects.length - 1), fc.nat(), hostile, (i, j, value) => {
    const m = objects[i];
    const all = paths(m).filter((p) => p.length > 0);
    const doc = replaced(m, all[j % all.length], value);
    expect(() => new ManifestValidator().validate([doc])).not.toThrow();
  }), { numRuns: 400, seed: 27 });
});

test('objects with an apiVersion the kind is not served under get none of these rules', () => {
  const moved = objects.map((m) => ({ ...m, apiVersion: 'example.com/v1' }));
  const findings = new ManifestValidator().validate(moved).filter((f) => MINE.test(f.ruleId));
  expect(findings.map((f) => `${f.ruleId} ${f.kind}/${f.name}`)).toEqual([]);
});

test('a quota scope applied to a resource it cannot track is named in the fix', () => {
  const [f] = new ManifestValidator().validate([{
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'a' },
    spec: { hard: { 'requests.storage': '10Gi' }, scopes: ['NotTerminating'] },
  }]);
  expect([f.ruleId, f.path, f.message, f.fix]).toEqual(['QUOTA-SCOPES', 'spec.scopes',
    'Invalid value: []core.ResourceQuotaScope{"NotTerminating"}: unsupported scope applied to resource',
    'scope NotTerminating cannot track requests.storage: scoped quotas track pods, cpu and memory only']);
});

test('a webhook url with user info does not echo the password', () => {
  const findings = new ManifestValidator().validate([{
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'w' },
    webhooks: [{ name: 'a.example.com', sideEffects: 'None', admissionReviewVersions: ['v1'], clientConfig: { url: 'https://admin:s3cret@hooks.example.com/v' } }],
  }]);
  expect(findings.map((f) => f.message)).toEqual(['Invalid value: "admin:***": user information is not permitted in the URL']);
});
