/**
 * Layer 1 (src/validation/schema.ts): the 1.27 schemas made strict and validated by Ajv, with
 * Ajv's errors mapped onto our rule ids, paths and the API server's messages.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DocReporter, RawFinding } from '../../src/validation/report';
import { isBase64, isQuantity, schemaIdFor, standaloneSource, validateSchema, validatorOf } from '../../src/validation/schema';

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

  test('the precompiled validators (build step) agree with the ones compiled at runtime', () => {
    // GIVEN the module the build writes, with the formats module of the sources
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-codegen-'));
    const file = path.join(dir, 'schemas.generated.js');
    try {
      fs.writeFileSync(file, standaloneSource(path.join(__dirname, '../../src/validation/schema-formats')));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const generated = require(file);

      // THEN it has the served kinds (not the List kinds) ...
      expect(Object.keys(generated)).toEqual(expect.arrayContaining(['io.k8s.api.core.v1.Pod', 'io.k8s.api.apps.v1.Deployment', 'io.k8s.api.storage.v1.StorageClass']));
      expect(Object.keys(generated)).not.toContain('io.k8s.api.core.v1.PodList');

      // ... and reports the same errors as the runtime validators
      const bad = [
        pod({ imagePullPolicyy: 'x', ports: [{ containerPort: '80', protocol: 'ICMP' }], resources: { limits: { memory: '1 Gi' } } }),
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'abc!' } },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: null } },
      ];
      for (const m of bad) {
        const runtime = validatorOf(m.apiVersion, m.kind)!;
        const pre = generated[schemaIdFor(m.apiVersion, m.kind)!.id];
        expect(runtime(m)).toBe(false);
        expect(pre(m)).toBe(false);
        expect(pre.errors).toEqual(runtime.errors);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
