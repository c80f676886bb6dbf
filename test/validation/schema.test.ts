/**
 * Layer 1 (src/validation/schema.ts): the 1.27 schemas made strict and validated by Ajv, with
 * Ajv's errors mapped onto our rule ids, paths and the API server's messages.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DocReporter, RawFinding } from '../../src/validation/report';
import { isBase64, isQuantity, schemaIdFor, standaloneChunks, validateSchema, validatorOf } from '../../src/validation/schema';
import { chunkOf, SCHEMAS, SchemaStore } from '../../src/validation/schema-store';

/** Layer-1 findings of one document as `RULE path: message`. */
function schemaFindings(manifest: any): string[] {
  const out: RawFinding[] = [];
  expect(validateSchema(new DocReporter({ manifest, index: 0 }, out), manifest)).toBe(true);
  return out.map((f) => `${f.ruleId} ${f.path}: ${f.message}`);
}

function pod(container: any, spec: any = {}): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...container }], ...spec } };
}

describe('schema layer', () => {
  test('a valid pod has no finding', () => {
    // GIVEN a pod using quantities, int-or-string ports, map fields and nulls
    const manifest = pod({
      ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
      resources: { requests: { cpu: '250m', memory: 134217728 }, limits: { memory: '128Mi' } },
      livenessProbe: { httpGet: { port: 'http', path: '/' } },
      readinessProbe: { tcpSocket: { port: 80 } },
    }, { nodeSelector: { 'kubernetes.io/os': 'linux' } });

    // THEN layer 1 reports nothing
    expect(schemaFindings(manifest)).toEqual([]);
  });

  test('unknown field: strict decoding error with the full path', () => {
    // GIVEN a typo in a container and an unknown top-level field
    const manifest = { ...pod({ imagePullPolicyy: 'Always' }), extra: true };

    // THEN one finding per unknown field, in document order
    expect(schemaFindings(manifest)).toEqual([
      'SCHEMA-UNKNOWN-FIELD spec.containers[0].imagePullPolicyy: strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"',
      'SCHEMA-UNKNOWN-FIELD extra: strict decoding error: unknown field "extra"',
    ]);
  });

  test('a 1.28 field (native sidecar restartPolicy) is unknown in 1.27, with a fix', () => {
    // GIVEN an init container with restartPolicy: Always (Kubernetes 1.28+)
    const manifest = pod({}, { initContainers: [{ name: 'proxy', image: 'envoy:1.28', restartPolicy: 'Always' }] });
    const out: RawFinding[] = [];

    // WHEN validated
    validateSchema(new DocReporter({ manifest, index: 0 }, out), manifest);

    // THEN it is an unknown field, and the fix explains the 1.27 way
    expect(out.map((f) => [f.ruleId, f.path, f.message, f.fix])).toEqual([[
      'SCHEMA-UNKNOWN-FIELD',
      'spec.initContainers[0].restartPolicy',
      'strict decoding error: unknown field "spec.initContainers[0].restartPolicy"',
      'restartPolicy on an init container (native sidecar) is a 1.28+ field; on 1.27 run the sidecar as a regular container',
    ]]);
  });

  test('wrong type: Go\'s unmarshal error, one finding per value', () => {
    // GIVEN a quoted port, an int32 out of range, an annotation that is a number and a list given as a string
    const manifest = pod({ ports: [{ containerPort: '80', hostPort: 3000000000 }], args: 'run' });
    manifest.metadata.annotations = { 'example.com/retries': 3 };

    // THEN each is one SCHEMA-TYPE finding (map keys in brackets, '/' in a key kept)
    expect(schemaFindings(manifest)).toEqual([
      'SCHEMA-TYPE metadata.annotations[example.com/retries]: cannot unmarshal integer into field "metadata.annotations[example.com/retries]" of type string',
      'SCHEMA-TYPE spec.containers[0].ports[0].containerPort: cannot unmarshal string into field "spec.containers[0].ports[0].containerPort" of type int32',
      'SCHEMA-TYPE spec.containers[0].ports[0].hostPort: cannot unmarshal number 3000000000 into field "spec.containers[0].ports[0].hostPort" of type int32',
      'SCHEMA-TYPE spec.containers[0].args: cannot unmarshal string into field "spec.containers[0].args" of type array',
    ]);
  });

  test('enum: the catalog rule of the field, supported values listed', () => {
    // GIVEN a bad pull policy, a bad port protocol, and an enum field given a number
    const manifest = pod({ imagePullPolicy: 'Sometimes', ports: [{ containerPort: 80, protocol: 'ICMP' }], terminationMessagePolicy: 1 });

    // THEN enum findings carry the rule ids; a wrong type is only a type error
    expect(schemaFindings(manifest)).toEqual([
      'CTR-PULLPOLICY-ENUM spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'CTR-PORT-PROTOCOL spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'SCHEMA-TYPE spec.containers[0].terminationMessagePolicy: cannot unmarshal integer into field "spec.containers[0].terminationMessagePolicy" of type string',
    ]);
  });

  test('quantity: string format checked, numbers accepted, other types rejected', () => {
    // GIVEN a quantity with a space, a numeric quantity and an object where a quantity belongs
    const manifest = pod({ resources: { requests: { cpu: 1, memory: '10 Gi' }, limits: { memory: { value: 1 } } } });

    // THEN one finding each for the bad ones, at the map-key path
    expect(schemaFindings(manifest)).toEqual([
      'SCHEMA-QUANTITY spec.containers[0].resources.requests[memory]: Invalid value: "10 Gi": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      'SCHEMA-TYPE spec.containers[0].resources.limits[memory]: cannot unmarshal object into field "spec.containers[0].resources.limits[memory]" of type resource.Quantity',
    ]);
    expect(isQuantity('1.5Gi')).toBe(true);
    expect(isQuantity('1,5Gi')).toBe(false);
  });

  test('base64: Secret data and ConfigMap binaryData, with Go\'s byte offset', () => {
    // GIVEN a Secret and a ConfigMap with values that are not base64
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { 'tls.crt': 'abc!', 'ok': 'YWJj' } };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, binaryData: { bin: 'YWJ' } };

    // THEN SEC-DATA-BASE64 for the Secret, SCHEMA-BASE64 elsewhere
    expect(schemaFindings(secret)).toEqual(['SEC-DATA-BASE64 data[tls.crt]: illegal base64 data at input byte 3']);
    expect(schemaFindings(cm)).toEqual(['SCHEMA-BASE64 binaryData[bin]: illegal base64 data at input byte 0']);
    // Go's decoder accepts non-zero trailing bits and line breaks
    expect(isBase64('YR==')).toBe(true);
    expect(isBase64('YWJj\nZGVm')).toBe(true);
    expect(isBase64('YWJ')).toBe(false);
  });

  test('nullable: null is accepted for optional fields, missing for required ones', () => {
    // GIVEN nulls for optional fields (struct, list, map, string, ref, quantity) and for a required name
    const manifest = pod({ name: null, args: null, env: [{ name: 'A', value: null }], securityContext: null, resources: { limits: { cpu: null } } },
      { nodeSelector: null, volumes: null });

    // THEN only the required field is reported, as missing
    expect(schemaFindings(manifest)).toEqual(['CTR-NAME-REQUIRED spec.containers[0].name: Required value']);
  });

  test('required: missing fields get their catalog rule, others SCHEMA-REQUIRED', () => {
    // GIVEN a pod without containers and a StatefulSet without serviceName
    const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} };
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    };

    // THEN
    expect(schemaFindings(p)).toEqual(['POD-CONTAINERS-REQUIRED spec.containers: Required value']);
    expect(schemaFindings(sts)).toEqual(['SCHEMA-REQUIRED spec.serviceName: Required value']);
  });

  test('int-or-string: strings and integers accepted, other types rejected', () => {
    // GIVEN probe ports as a name, a number, a fraction and a boolean
    const manifest = pod({
      livenessProbe: { httpGet: { port: 'http' } },
      readinessProbe: { httpGet: { port: 8080 } },
      startupProbe: { tcpSocket: { port: 1.5 } },
      lifecycle: { preStop: { tcpSocket: { port: true } } },
    });

    // THEN the fraction and the boolean are type errors of type intstr.IntOrString
    expect(schemaFindings(manifest)).toEqual([
      'SCHEMA-TYPE spec.containers[0].startupProbe.tcpSocket.port: cannot unmarshal number into field "spec.containers[0].startupProbe.tcpSocket.port" of type intstr.IntOrString',
      'SCHEMA-TYPE spec.containers[0].lifecycle.preStop.tcpSocket.port: cannot unmarshal boolean into field "spec.containers[0].lifecycle.preStop.tcpSocket.port" of type intstr.IntOrString',
    ]);
  });

  test('kinds without a 1.27 schema are not validated', () => {
    // GIVEN a custom resource
    const out: RawFinding[] = [];
    const cr = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' } };

    // THEN validateSchema says so and reports nothing
    expect(validateSchema(new DocReporter({ manifest: cr, index: 0 }, out), cr)).toBe(false);
    expect(out).toEqual([]);
  });
});

describe('precompiled validators (build step: schema-codegen.ts)', () => {
  const formats = path.join(__dirname, '../../src/validation/schema-formats');
  let dir: string;
  let chunks: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (chunk: string): Record<string, any> => require(path.join(dir, `${chunk}.js`));

  beforeAll(() => {
    // the chunks the build writes, with the formats module of the sources
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-codegen-'));
    chunks = standaloneChunks(formats);
    for (const [chunk, source] of Object.entries(chunks)) {
      fs.writeFileSync(path.join(dir, `${chunk}.js`), source);
    }
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every served kind is in exactly one chunk, the one chunkOf names; no List kind is', () => {
    // GIVEN the kinds a 1.27 API server serves
    const served = SCHEMAS.servedKindIds(schemaIdFor);
    expect(served).toEqual(expect.arrayContaining(['io.k8s.api.core.v1.Pod', 'io.k8s.api.apps.v1.Deployment', 'io.k8s.api.storage.v1.StorageClass']));

    // THEN the chunks are the pod-bearing kinds and one per other API group ...
    expect(Object.keys(chunks)).toEqual(['admissionregistration', 'apps', 'authentication', 'authorization', 'autoscaling', 'certificates',
      'coordination', 'core', 'discovery', 'events', 'flowcontrol', 'networking', 'node', 'policy', 'rbac', 'scheduling', 'storage', 'workloads']);

    // ... each kind is exported by exactly one chunk, named by chunkOf ...
    const exported = Object.keys(chunks).flatMap((chunk) => Object.keys(load(chunk)).map((id) => ({ id, chunk })));
    expect(exported.map((e) => e.id).sort()).toEqual([...served].sort());
    for (const { id, chunk } of exported) {
      expect(chunkOf(id)).toBe(chunk);
    }

    // ... no List kind is precompiled ...
    expect(exported.filter((e) => e.id.endsWith('List'))).toEqual([]);
    expect(chunkOf('io.k8s.api.core.v1.PodList')).toBeUndefined();

    // ... and a Pod's chunk has the pod-bearing kinds, not those of other groups
    expect(chunkOf('io.k8s.api.core.v1.Pod')).toBe('workloads');
    expect(Object.keys(load('workloads')).sort()).toEqual(['io.k8s.api.apps.v1.DaemonSet', 'io.k8s.api.apps.v1.Deployment',
      'io.k8s.api.apps.v1.ReplicaSet', 'io.k8s.api.apps.v1.StatefulSet', 'io.k8s.api.batch.v1.CronJob', 'io.k8s.api.batch.v1.Job',
      'io.k8s.api.core.v1.Pod', 'io.k8s.api.core.v1.PodTemplate', 'io.k8s.api.core.v1.ReplicationController']);
    expect(load('workloads')).not.toHaveProperty(['io.k8s.api.storage.v1.StorageClass']);
    expect(load('storage')).toHaveProperty(['io.k8s.api.storage.v1.StorageClass']);
  });

  test('the generation is deterministic', () => {
    // THEN a second generation writes the same chunks
    expect(standaloneChunks(formats)).toEqual(chunks);
  });

  test('the precompiled validators agree with the ones compiled at runtime', () => {
    // GIVEN bad objects of kinds in several chunks
    const bad = [
      pod({ imagePullPolicyy: 'x', ports: [{ containerPort: '80', protocol: 'ICMP' }], resources: { limits: { memory: '1 Gi' } } }),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'abc!' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: null } },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc' }, reclaimPolicy: 'Recycle', parameters: { a: 1 } },
    ];

    // THEN the validator of each kind's chunk reports the same errors as the runtime one
    for (const m of bad) {
      const id = schemaIdFor(m.apiVersion, m.kind)!.id;
      const runtime = validatorOf(m.apiVersion, m.kind)!;
      const pre = load(chunkOf(id)!)[id];
      expect(runtime(m)).toBe(false);
      expect(pre(m)).toBe(false);
      expect(pre.errors).toEqual(runtime.errors);
    }
  });

  test('validating a Pod through the store loads the workloads chunk only', () => {
    // GIVEN a store whose chunks other than workloads throw when loaded
    const poisoned = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-chunks-'));
    try {
      for (const [chunk, source] of Object.entries(chunks)) {
        fs.writeFileSync(path.join(poisoned, `${chunk}.js`), chunk === 'workloads' ? source : `throw new Error('loaded the ${chunk} chunk');`);
      }
      const store = new SchemaStore(poisoned);
      const validator = (apiVersion: string, kind: string) => store.validatorFor(`${apiVersion}\u0000${kind}`, () => schemaIdFor(apiVersion, kind));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const workloads = require(path.join(poisoned, 'workloads.js'));

      // THEN a Pod and a Deployment get the validators of the workloads chunk, and no other chunk is read
      expect(validator('v1', 'Pod')!.validate).toBe(workloads['io.k8s.api.core.v1.Pod']);
      expect(validator('apps/v1', 'Deployment')!.validate).toBe(workloads['io.k8s.api.apps.v1.Deployment']);

      // ... a List kind (in no chunk) is compiled at runtime without reading a chunk; a group without a chunk has no validator
      const podList = validator('v1', 'PodList')!;
      expect(podList.target.id).toBe('io.k8s.api.core.v1.PodList');
      expect(podList.validate({ apiVersion: 'v1', kind: 'PodList', items: [] })).toBe(true);
      expect(validator('foo.k8s.io/v1', 'Bar')).toBeUndefined();

      // ... and a StorageClass does read its own chunk
      expect(() => validator('storage.k8s.io/v1', 'StorageClass')).toThrow('loaded the storage chunk');
    } finally {
      fs.rmSync(poisoned, { recursive: true, force: true });
    }
  });
});
