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
    // names of Object.prototype members are not severities either
    expectError(() => new ManifestValidator({ severityOverrides: { 'LINT-LATEST-TAG': 'constructor' as Severity } }),
      'ManifestValidator: \'severityOverrides[LINT-LATEST-TAG]\' must be a Severity (\'error\', \'warning\' or \'info\'), got \'constructor\'');
    expectError(() => new ManifestValidator({ failOn: 'toString' as Severity }),
      'ManifestValidator: \'failOn\' must be a Severity (\'error\', \'warning\' or \'info\'), got \'toString\'');
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
      fix: 'use keys of letters, digits, \'-\', \'_\' and \'.\' (≤ 253 characters)',
    });
    expect(ManifestValidator.formatFinding(f)).toBe(`error CM-KEY-FORMAT ConfigMap team-a/c data[a b]: ${f.message}\n    fix: ${f.fix}`);
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

  test('a document without kind is quoted by structure, never by value (it may be a Secret with a misspelled kind)', () => {
    // GIVEN the bug report's document: kind spelled Kind, a base64 password under data
    const password = 'Harbor12345-top-secret';
    const b64 = Buffer.from(password).toString('base64');

    // WHEN
    const findings = new ManifestValidator().validate([
      { apiVersion: 'v1', Kind: 'Secret', metadata: { name: 'pull', labels: { a: 'b' } }, data: { pw: b64, n: 5, list: [b64], deep: { a: { b: { c: b64 } } } } },
    ]);

    // THEN
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
      'SCHEMA-INVALID-DOCUMENT Object \'Kind\' is missing in \'{"apiVersion":"v1","Kind":"Secret","metadata":{"name":"pull","labels":{"a":string}},'
        + '"data":{"pw":string,"n":number,"list":[string],"deep":{"a":{...}}}}\'',
    ]);
  });

  test('every finding about a bad Secret document is scanned: no value, raw or base64, survives', () => {
    // GIVEN bad Secrets of every shape, each holding the password somewhere
    const password = 'Harbor12345-top-secret';
    const b64 = Buffer.from(password).toString('base64');
    const docs = [
      { apiVersion: 'v1', Kind: 'Secret', data: { pw: b64 } },
      { kind: 'Secret', metadata: { name: 'no-api-version' }, stringData: { pw: password } },
      { apiVersion: 'v1', kind: 'secret', metadata: { name: 'lower-case-kind' }, data: { pw: b64 } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'Bad_Name' }, data: { 'pw': password, 'bad key': b64 }, stringData: { x: [password], y: 5 } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'docker' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64 } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cfg' }, type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': password }, typo: password },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'big' }, data: { pw: b64 }, stringData: { big: 'x'.repeat(1024 * 1024) } },
    ];

    // WHEN
    const findings = new ManifestValidator().validate(docs);

    // THEN every document has at least one finding, and none quotes the value
    expect(new Set(findings.map((f) => f.name))).toEqual(new Set(['?', 'no-api-version', 'lower-case-kind', 'Bad_Name', 'docker', 'cfg', 'big']));
    for (const f of findings) {
      expect(JSON.stringify(f)).not.toContain(password);
      expect(JSON.stringify(f)).not.toContain(b64);
    }
  });

  test('a kind: List is validated item by item', () => {
    const findings = new ManifestValidator().validate([{ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }] }]);

    expect(findings.map((f) => `${f.ruleId} ${f.kind} ${f.name}`)).toEqual(['META-NAME-SUBDOMAIN ConfigMap Bad_Name']);
  });

  test('a kind: List whose items are not a list: SCHEMA-TYPE at items', () => {
    const findings = new ManifestValidator().validate([{ apiVersion: 'v1', kind: 'List', items: 5 }]);

    expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'error SCHEMA-TYPE items: cannot unmarshal number into field "items" of type list: a kind: List holds its objects in a list under items',
    ]);
  });

  test('ConfigMap keys named like Object.prototype members are neither duplicates nor errors; a real duplicate is', () => {
    // GIVEN
    const cm = (data: any, binaryData?: any) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data, binaryData });

    // WHEN
    const clean = new ManifestValidator().validate([cm({ constructor: 'x', toString: 'y', hasOwnProperty: 'z', __proto__: 'w' })]);
    const dup = new ManifestValidator().validate([cm({ constructor: 'x', a: 'y' }, { constructor: 'eA==' })]);

    // THEN
    expect(clean).toEqual([]);
    expect(errors(dup)).toEqual(['CM-KEY-DUP data[constructor]: Invalid value: "constructor": duplicate of key present in binaryData']);
  });

  test('labels, selectors and resources keyed like Object.prototype members are compared as own keys', () => {
    // GIVEN a Service selecting constructor=x, and a pod whose requests name a resource 'constructor'
    const findings = new ManifestValidator({ lint: false }).validate([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { selector: { constructor: 'x' }, ports: [{ port: 80 }] } },
      pod({ containers: [{ name: 'app', image: 'nginx:1.25.3', resources: { requests: { 'constructor': '1', 'example.com/toString': '2' } } }] }),
    ]);

    // THEN no crash, the selector matches nothing (no pod has the label), and the extended resource
    // example.com/toString finds no limit on Object.prototype (extended resources need request == limit)
    expect(findings.map((f) => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([
      'SVC-SELECTOR-NOMATCH spec.selector: selector constructor=x matches no pod or pod template in this set (namespace "default"); the Service has no endpoints',
      'CTR-RES-REQ-LE-LIMIT spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ]);
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
        // a Job's selector is generated (ValidateGeneratedSelector), the others need one
        selector: kind === 'Job' ? undefined : { matchLabels: { app: 'w' } },
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
