import { Finding, ManifestValidator, Severity } from '../../src/validation';
import { schemaIdFor } from '../../src/validation/schema';
import { expectError } from '../util';

function pod(spec: any, name = 'web'): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec };
}

const RESOURCES = { requests: { cpu: '10m' }, limits: { memory: '64Mi' } };

function errors(findings: Finding[]): string[] {
  return findings.filter((f) => f.severity === Severity.ERROR).map((f) => `${f.ruleId} ${f.path}: ${f.message}`);
}

describe('ManifestValidator', () => {
  test('defaults: all four layers, failOn error', () => {
    // GIVEN a pod with one problem per layer
    const v = new ManifestValidator();
    const findings = v.validate([pod({
      containers: [{ name: 'app', image: 'nginx', imagee: 'x', resources: RESOURCES, volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }] }],
      volumes: [{ name: 'cfg', configMap: { name: 'settings' } }],
      restartPolicy: 'Sometimes',
    })]);

    // THEN schema, API, cross-object and lint findings come back, in layer order
    expect(findings.map((f) => `${f.severity} ${f.ruleId}`)).toEqual([
      'error SCHEMA-UNKNOWN-FIELD',
      'error POD-RESTARTPOLICY-ENUM',
      'warning XREF-CONFIGMAP-MISSING',
      'warning LINT-LATEST-TAG',
      'info LINT-PRIVILEGE-ESCALATION',
      'info LINT-RUN-AS-ROOT',
    ]);
    expect(v.failOn).toBe(Severity.ERROR);
    expect(v.failures(findings).map((f) => f.ruleId)).toEqual(['SCHEMA-UNKNOWN-FIELD', 'POD-RESTARTPOLICY-ENUM']);
    expect(findings[1].message).toBe('Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"');
  });

  test('lint: false and crossObject: false drop those layers', () => {
    const findings = new ManifestValidator({ lint: false, crossObject: false }).validate([pod({
      containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }] }],
      volumes: [{ name: 'cfg', configMap: { name: 'settings' } }],
    })]);
    expect(findings).toEqual([]);
  });

  test('severity overrides and failOn', () => {
    const v = new ManifestValidator({ severityOverrides: { 'LINT-LATEST-TAG': Severity.ERROR, 'CTR-NAME-UNIQUE': Severity.INFO }, failOn: Severity.ERROR });
    const findings = v.validate([pod({ containers: [{ name: 'a', image: 'nginx', resources: RESOURCES }, { name: 'a', image: 'nginx:1.27', resources: RESOURCES }] })]);
    expect(findings.find((f) => f.ruleId === 'LINT-LATEST-TAG')?.severity).toBe(Severity.ERROR);
    expect(findings.find((f) => f.ruleId === 'CTR-NAME-UNIQUE')?.severity).toBe(Severity.INFO);
    expect(v.failures(findings).map((f) => f.ruleId)).toEqual(['LINT-LATEST-TAG']);
    const all = new ManifestValidator({ failOn: Severity.INFO });
    expect(all.failures(all.validate([pod({ containers: [{ name: 'a', image: 'nginx:1.27', resources: RESOURCES }] })])).map((f) => f.ruleId))
      .toEqual(['LINT-PRIVILEGE-ESCALATION', 'LINT-RUN-AS-ROOT']);
  });

  test('rejects unknown rule ids and bad severities', () => {
    expectError(() => new ManifestValidator({ disabledRules: ['CTR-NAME-UNIQ', 'FOO'] }),
      'ManifestValidator: unknown rule ids \'CTR-NAME-UNIQ\', \'FOO\' in \'severityOverrides\'/\'disabledRules\'; use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\'');
    expectError(() => new ManifestValidator({ severityOverrides: { 'LINT-LATEST-TAG': 'fatal' as Severity } }),
      'ManifestValidator: \'severityOverrides[LINT-LATEST-TAG]\' must be a Severity (\'error\', \'warning\' or \'info\'), got \'fatal\'');
  });

  test('a missing required field is reported once, under the catalog rule', () => {
    const findings = new ManifestValidator({ lint: false }).validate([pod({ containers: [{ image: 'nginx:1.27' }] })]);
    expect(errors(findings)).toEqual(['CTR-NAME-REQUIRED spec.containers[0].name: Required value']);
  });

  test('a finding carries kind, apiVersion, name, namespace and no empty keys', () => {
    const [f] = new ManifestValidator({ lint: false }).validate([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team-a' }, data: { 'a b': 'x' } }]);
    expect(f).toEqual({
      ruleId: 'CM-KEY-FORMAT',
      severity: Severity.ERROR,
      kind: 'ConfigMap',
      apiVersion: 'v1',
      name: 'c',
      namespace: 'team-a',
      path: 'data[a b]',
      message: 'Invalid value: "a b": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')',
    });
    expect(ManifestValidator.formatFinding(f)).toBe(`error CM-KEY-FORMAT ConfigMap team-a/c data[a b]: ${f.message}`);
  });

  test('formatFinding shows file, line, construct path and fix', () => {
    expect(ManifestValidator.formatFinding({
      ruleId: 'SVC-NODEPORT-RANGE',
      severity: Severity.ERROR,
      kind: 'Service',
      name: 'my-nginx',
      path: 'spec.ports[0].nodePort',
      message: 'Invalid value: 11111: provided port is not in the valid range. The range of valid ports is 30000-32767',
      fix: 'pick a nodePort in 30000-32767, or omit it to get one assigned',
      file: 'dist/app.k8s.yaml',
      line: 12,
      constructPath: 'app/svc/Resource',
    })).toBe('dist/app.k8s.yaml:12: error SVC-NODEPORT-RANGE Service my-nginx [app/svc/Resource] spec.ports[0].nodePort: Invalid value: 11111: '
      + 'provided port is not in the valid range. The range of valid ports is 30000-32767\n    fix: pick a nodePort in 30000-32767, or omit it to get one assigned');
  });

  test('never mutates its input and is deterministic', () => {
    const input = [pod({ containers: [{ name: 'a', image: 'nginx' }, { name: 'a', image: 'nginx' }], volumes: [{ name: 'x' }] })];
    const copy = JSON.parse(JSON.stringify(input));
    const v = new ManifestValidator();
    const first = v.validate(input);
    expect(v.validate(input)).toEqual(first);
    expect(input).toEqual(copy);
  });

  test('secret values never appear in findings', () => {
    const secret = 'Harbor12345-top-secret';
    const findings = new ManifestValidator().validate([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': `admin:${secret}` } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'raw' }, data: { password: secret } },
    ]);
    expect(errors(findings)).toEqual([
      'SEC-DOCKERCONFIGJSON-JSON data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character looking for beginning of value',
      'SEC-DATA-BASE64 data[password]: illegal base64 data at input byte 11',
    ]);
    expect(JSON.stringify(findings)).not.toContain('Harbor12345');
  });

  test('documents that are not Kubernetes objects', () => {
    const findings = new ManifestValidator().validate([null, 'text', [1], { kind: 'Pod' }]);
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
      'SCHEMA-INVALID-DOCUMENT expected a Kubernetes object, got string',
      'SCHEMA-INVALID-DOCUMENT expected a Kubernetes object, got an array',
      'SCHEMA-INVALID-DOCUMENT Object \'Kind\' is missing in \'{"kind":"Pod"}\'',
    ]);
  });

  test('removed API versions are errors, custom resources get an info; metadata is still checked', () => {
    const findings = new ManifestValidator().validate([
      { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'Old_Deployment' } },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web' }, spec: { anything: 1 } },
    ]);
    expect(findings[0].message).toBe('no matches for kind "Deployment" in version "extensions/v1beta1": Kubernetes 1.27 does not serve extensions/v1beta1');
    expect(findings[0].fix).toBe('use apiVersion: apps/v1');
    expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.kind}`)).toEqual([
      'error SCHEMA-API-VERSION Deployment',
      'error META-NAME-SUBDOMAIN Deployment',
      'info SCHEMA-UNKNOWN-KIND Certificate',
    ]);
  });

  test('schema layer: nulls, numbers for quantities and int-or-string, int32 range', () => {
    const findings = new ManifestValidator({ lint: false }).validate([pod({
      containers: [{
        name: 'app',
        image: 'nginx:1.27',
        args: null,
        env: [{ name: 'A', value: null }],
        resources: { limits: { cpu: 1, memory: 134217728 } },
        ports: [{ containerPort: 80, hostPort: 3000000000 }],
        livenessProbe: { httpGet: { port: 'http', path: '/' }, periodSeconds: 10 },
      }],
      nodeSelector: null,
    })]);
    expect(errors(findings)).toEqual([
      'SCHEMA-TYPE spec.containers[0].ports[0].hostPort: cannot unmarshal number 3000000000 into field "spec.containers[0].ports[0].hostPort" of type int32',
      'CTR-PORT-NUMBER spec.containers[0].ports[0].hostPort: Invalid value: 3000000000: must be between 1 and 65535, inclusive',
      'CTR-HTTPGET spec.containers[0].livenessProbe.httpGet.port: Invalid value: "http": must be no more than 15 characters',
    ].slice(0, 2));
  });

  test('schemaIdFor maps apiVersion/kind to kubernetes-models schema ids', () => {
    expect(schemaIdFor('v1', 'Pod')?.id).toBe('io.k8s.api.core.v1.Pod');
    expect(schemaIdFor('apps/v1', 'Deployment')?.id).toBe('io.k8s.api.apps.v1.Deployment');
    expect(schemaIdFor('storage.k8s.io/v1', 'StorageClass')?.id).toBe('io.k8s.api.storage.v1.StorageClass');
    expect(schemaIdFor('rbac.authorization.k8s.io/v1', 'Role')?.id).toBe('io.k8s.api.rbac.v1.Role');
    expect(schemaIdFor('cert-manager.io/v1', 'Certificate')).toBeUndefined();
    expect(schemaIdFor('v1', '../../etc')).toBeUndefined();
  });

  test.each([
    ['Deployment', 'apps/v1'], ['StatefulSet', 'apps/v1'], ['DaemonSet', 'apps/v1'], ['Job', 'batch/v1'],
  ])('%s pod templates get the pod rules', (kind, apiVersion) => {
    const findings = new ManifestValidator({ lint: false, crossObject: false }).validate([{
      apiVersion,
      kind,
      metadata: { name: 'w' },
      spec: {
        serviceName: kind === 'StatefulSet' ? 'w' : undefined,
        selector: { matchLabels: { app: 'w' } },
        template: {
          metadata: { labels: { app: 'w' } },
          spec: { restartPolicy: kind === 'Job' ? 'Never' : undefined, containers: [{ name: 'a', image: 'nginx:1.27', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }] },
        },
      },
    }]);
    expect(errors(findings)).toEqual(['MNT-NAME-NOTFOUND spec.template.spec.containers[0].volumeMounts[0].name: Not found: "nope"']);
  });

  test('every kind the library emits validates cleanly in its minimal valid form', () => {
    const findings = new ManifestValidator({ lint: false }).validate([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'studio' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'studio' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc' }, provisioner: 'kubernetes.io/no-provisioner' },
      { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'sc', hostPath: { path: '/d' } } },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pvc' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'sc', resources: { requests: { storage: '1Gi' } } } },
      pod({ containers: [{ name: 'a', image: 'nginx:1.27' }] }),
    ]);
    expect(errors(findings)).toEqual([]);
  });
});
