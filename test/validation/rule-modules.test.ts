/**
 * The rule modules and what the catalog promises: every rule has a fix hint and names what it
 * follows, docs/validation.md is generated from the catalog, and the behaviours the module split
 * brought (per-kind name rules, StatefulSet claim templates, structured de-duplication, pull secret
 * registries, cluster-dependent severities).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ManifestValidator, Severity } from '../../src/validation';
import { DocReporter, RawFinding } from '../../src/validation/report';
import { RULES } from '../../src/validation/rules';
import { MODULES } from '../../src/validation/rules/catalog';
import { renderRuleReference } from '../../src/validation/rules/reference';
import { pullSecretRegistryProblem, registryOfImage, registryOfKey } from '../../src/validation/rules/registries';

const DOC = path.join(__dirname, '..', '..', 'docs', 'validation.md');

describe('catalog', () => {
  test('every rule has a fix hint and names the Kubernetes function or tool check it follows', () => {
    expect(RULES.filter((r) => r.fix.trim() === '').map((r) => r.id)).toEqual([]);
    expect(RULES.filter((r) => r.source.trim() === '').map((r) => r.id)).toEqual([]);
  });

  test('module names are unique', () => {
    const names = MODULES.map((m) => m.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  test('docs/validation.md is the rendering of the catalog', () => {
    const committed = fs.readFileSync(DOC, 'utf8');
    const current = renderRuleReference();
    if (committed !== current) {
      throw new Error('docs/validation.md is stale: run `npx projen docs:validation` and commit the result');
    }
    // and the rendering lists every rule, under its module
    for (const r of RULES) {
      expect(current).toContain(`| \`${r.id}\` |`);
    }
  });
});

function statefulSet(mounts: any[]): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', volumeMounts: mounts }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

describe('pod templates', () => {
  const validator = new ManifestValidator({ lint: false });

  test('a StatefulSet\'s pods mount its volumeClaimTemplates', () => {
    expect(validator.validate([statefulSet([{ name: 'www', mountPath: '/usr/share/nginx/html' }])])).toEqual([]);
  });

  test('a StatefulSet pod-spec finding keeps the API server text and says the pods cannot be created', () => {
    const findings = validator.validate([statefulSet([{ name: 'logs', mountPath: '/var/log' }])]);
    expect(findings.map((f) => [f.ruleId, f.path, f.message, f.fix])).toEqual([[
      'MNT-NAME-NOTFOUND',
      'spec.template.spec.containers[0].volumeMounts[0].name',
      'Not found: "logs"',
      'add the volume to the pod or fix the mount\'s name (the API server accepts the StatefulSet, but its controller cannot create pods from this template)',
    ]]);
  });

  test('a Pod\'s finding has the plain fix hint', () => {
    const findings = validator.validate([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25', volumeMounts: [{ name: 'www', mountPath: '/a' }] }] } }]);
    expect(findings.map((f) => [f.ruleId, f.message, f.fix])).toEqual([['MNT-NAME-NOTFOUND', 'Not found: "www"', 'add the volume to the pod or fix the mount\'s name']]);
  });
});

describe('name rule per kind', () => {
  const validator = new ManifestValidator({ lint: false });
  const named = (apiVersion: string, kind: string, name: string, extra: object = {}) => ({ apiVersion, kind, metadata: { name }, ...extra });

  test('RBAC objects follow ValidateRBACName (path segment): \':\' is fine, \'/\' is not', () => {
    expect(validator.validate([
      named('rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:metrics-server', { rules: [] }),
      named('rbac.authorization.k8s.io/v1', 'Role', 'metallb-system:controller', { rules: [] }),
    ])).toEqual([]);
    expect(validator.validate([named('rbac.authorization.k8s.io/v1', 'ClusterRole', 'a/b%c', { rules: [] })]).map((f) => [f.ruleId, f.message])).toEqual([
      ['META-NAME-PATHSEGMENT', 'Invalid value: "a/b%c": may not contain \'/\''],
      ['META-NAME-PATHSEGMENT', 'Invalid value: "a/b%c": may not contain \'%\''],
    ]);
    expect(validator.validate([named('rbac.authorization.k8s.io/v1', 'ClusterRole', '..', { rules: [] })]).map((f) => f.message)).toEqual([
      'Invalid value: "..": may not be \'..\'',
    ]);
  });

  test('other built-in kinds keep NameIsDNSSubdomain', () => {
    const findings = validator.validate([named('scheduling.k8s.io/v1', 'PriorityClass', 'system:high', { value: 1 })]);
    expect(findings.map((f) => f.ruleId)).toEqual(['META-NAME-SUBDOMAIN']);
  });

  test('custom resources get only the generic path-segment rule', () => {
    const findings = new ManifestValidator().validate([named('example.com/v1', 'Widget', 'Upper_Case:ok')]);
    expect(findings.map((f) => f.ruleId)).toEqual(['SCHEMA-UNKNOWN-KIND']);
  });
});

test('a PriorityClass description is accepted (restored in the schema), and typed', () => {
  const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, description: 'front-end pods' };
  expect(new ManifestValidator().validate([pc])).toEqual([]);
  expect(new ManifestValidator().validate([{ ...pc, description: 42 }]).map((f) => [f.ruleId, f.message])).toEqual([
    ['SCHEMA-TYPE', 'cannot unmarshal integer into field "description" of type string'],
  ]);
});

test('a field both the structure layer and an API rule find missing is reported once, under the API rule', () => {
  const pv = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv' },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, csi: { driver: null, volumeHandle: 'h' } },
  };
  expect(new ManifestValidator({ lint: false }).validate([pv]).map((f) => [f.ruleId, f.path, f.message])).toEqual([
    ['PV-CSI', 'spec.csi.driver', 'Required value'],
  ]);
});

test('a lint rule cannot report a required value (lint: false skips the lint-only modules instead of filtering them)', () => {
  const out: RawFinding[] = [];
  const r = new DocReporter({ manifest: { kind: 'Pod' }, index: 0 }, out);
  expect(() => r.required('LINT-CPU-REQUEST', 'spec.containers[0].resources'))
    .toThrow('validator bug: lint rule \'LINT-CPU-REQUEST\' reports a required value');
  expect(out).toEqual([]);
});

test('validation runs are independent: the same input gives the same findings, before and after another run', () => {
  const validator = new ManifestValidator();
  const set = [statefulSet([{ name: 'logs', mountPath: '/var/log' }])];
  const first = validator.validate(set);
  new ManifestValidator({ lint: false }).validate([statefulSet([{ name: 'www', mountPath: '/a' }])]);
  expect(validator.validate(set)).toEqual(first);
});

describe('cluster-dependent severities', () => {
  test('BIND-DEFAULT-CLASS is a warning (whether a default StorageClass exists depends on the cluster)', () => {
    expect(RULES.find((r) => r.id === 'BIND-DEFAULT-CLASS')?.severity).toBe(Severity.WARNING);
    expect(RULES.find((r) => r.id === 'BIND-SIZE')?.severity).toBe(Severity.ERROR);
  });

  test('a named targetPort no selected container declares is an error; an undeclared number a warning', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 80, name: 'http' }] }] } };
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'a', port: 80, targetPort: 'web' }, { name: 'b', port: 81, targetPort: 8080 }, { name: 'c', port: 82, targetPort: 'http' }] },
    };
    const findings = new ManifestValidator({ lint: false }).validate([pod, svc]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      ['SVC-TARGETPORT-NOMATCH', Severity.ERROR, 'spec.ports[0].targetPort', 'targetPort \'web\' matches no container port name: the selected containers declare 80 (http)'],
      ['SVC-TARGETPORT-UNDECLARED', Severity.WARNING, 'spec.ports[1].targetPort', 'targetPort 8080 matches no containerPort: the selected containers declare 80 (http), so traffic would reach a closed port'],
    ]);
  });
});

describe('pull secret registries', () => {
  test('Docker Hub has one name however it is written', () => {
    expect(['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'INDEX.docker.io'].map(registryOfKey)).toEqual(['docker.io', 'docker.io', 'docker.io', 'docker.io']);
    expect(['nginx', 'library/nginx:1', 'docker.io/library/nginx', 'index.docker.io/x/y:2', 'ghcr.io/o/app:1', 'localhost:5000/a'].map(registryOfImage))
      .toEqual(['docker.io', 'docker.io', 'docker.io', 'docker.io', 'ghcr.io', 'localhost:5000']);
  });

  test('a secret whose registries match no image is reported with registries and images; wildcards and ports match as the kubelet does', () => {
    expect(pullSecretRegistryProblem('creds', ['ghcr.io', 'https://quay.io/v2/'], ['nginx:1.25', 'docker.io/library/busybox:1.36'])).toBe(
      'pull Secret "creds" has credentials for registries "ghcr.io", "quay.io", which match none of the pod\'s images: '
      + '"nginx:1.25" (docker.io), "docker.io/library/busybox:1.36" (docker.io); the kubelet pulls them without these credentials');
    expect(pullSecretRegistryProblem('creds', ['*.dkr.ecr.eu-west-1.amazonaws.com'], ['1.dkr.ecr.eu-west-1.amazonaws.com/app:1'])).toBeUndefined();
    expect(pullSecretRegistryProblem('creds', ['registry.local:5000'], ['registry.local/app:1'])).toContain('match none');
    expect(pullSecretRegistryProblem('creds', ['https://index.docker.io/v1/'], ['nginx'])).toBeUndefined();
  });

  test('the validator reports it on the pod, never quoting the secret\'s credentials', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ghcr' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': '{"auths":{"ghcr.io":{"auth":"c2VjcmV0LXVzZXI6aHVudGVyMg=="}}}' },
    };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { imagePullSecrets: [{ name: 'ghcr' }], containers: [{ name: 'c', image: 'nginx:1.25' }] } };
    const findings = new ManifestValidator({ lint: false }).validate([secret, pod]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.kind, f.path, f.message])).toEqual([[
      'XREF-PULLSECRET-REGISTRY', Severity.WARNING, 'Pod', 'spec.imagePullSecrets[0].name',
      'pull Secret "ghcr" has credentials for registry "ghcr.io", which match none of the pod\'s images: "nginx:1.25" (docker.io); the kubelet pulls them without these credentials',
    ]]);
  });
});
