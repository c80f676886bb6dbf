/**
 * Layer 2 rules whose exact wording, paths and defaulting quirks the corpus does not pin down:
 * allowedTopologies, PVC selectors, httpGet headers, rollout strategy, session affinity and
 * non-overcommittable resources (validation-rules.md A.2, A.7, A.8, A.11, A.12).
 */
import { Finding, ManifestValidator, Severity } from '../../src/validation';

/** Errors (and the session-affinity warning) of the API-server layer; SCHEMA-REQUIRED warnings left out. */
function findings(...manifests: any[]): string[] {
  return new ManifestValidator({ crossObject: false }).validate(manifests)
    .filter((f: Finding) => f.severity === Severity.ERROR || f.ruleId === 'LINT-SESSIONAFFINITY-IGNORED')
    .map((f: Finding) => `${f.severity === Severity.ERROR ? '' : `${f.severity} `}${f.ruleId} ${f.path}: ${f.message}`);
}

function deployment(strategy: any): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      strategy,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
  };
}

function storageClass(allowedTopologies: any): any {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'zonal' }, provisioner: 'ebs.csi.aws.com', allowedTopologies };
}

function service(spec: any): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], ...spec } };
}

function pod(container: any): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...container }] } };
}

const PERCENT = 'a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')';

describe('SC-ALLOWEDTOPOLOGIES', () => {
  test('terms are compared as sets of values per key: a reordered term is a duplicate, a different one is not', () => {
    // GIVEN three terms, the third the first one reordered
    const zone = (values: string[]) => ({ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values }] });

    // WHEN
    const result = findings(storageClass([zone(['a', 'b']), zone(['a']), zone(['b', 'a'])]));

    // THEN only the third is reported, the way the API server words it
    expect(result).toEqual(['SC-ALLOWEDTOPOLOGIES allowedTopologies[2].matchLabelExpressions: Duplicate value: ""']);
  });

  test('a term without expressions is rejected as a duplicate (the API server seeds its seen list with empty maps)', () => {
    expect(findings(storageClass([{ matchLabelExpressions: [] }]))).toEqual([
      'SC-ALLOWEDTOPOLOGIES allowedTopologies[0].matchLabelExpressions: Duplicate value: ""',
    ]);
  });

  test('values are not label-checked (only the key is); no allowedTopologies is fine', () => {
    expect(findings(storageClass([{ matchLabelExpressions: [{ key: 'example.com/rack', values: ['rack 1'] }] }]))).toEqual([]);
    expect(findings(storageClass(undefined))).toEqual([]);
  });
});

describe('PVC-SELECTOR', () => {
  const claim = (selector: any) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '1Gi' } }, selector },
  });

  test('an expression without operator is an invalid operator; a missing key is an empty qualified name', () => {
    expect(findings(claim({ matchExpressions: [{ key: 'tier', values: ['a'] }, { operator: 'Exists' }] }))).toEqual([
      'PVC-SELECTOR spec.selector.matchExpressions[0].operator: Invalid value: "": not a valid selector operator',
      'PVC-SELECTOR spec.selector.matchExpressions[1].key: Invalid value: "": name part must be non-empty',
      'PVC-SELECTOR spec.selector.matchExpressions[1].key: Invalid value: "": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', '
      + 'and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is '
      + '\'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    ]);
  });

  test('matchLabels keys are qualified names; an empty selector is valid for a claim', () => {
    expect(findings(claim({ matchLabels: { '/tier': 'x' } }))).toEqual([
      'PVC-SELECTOR spec.selector.matchLabels: Invalid value: "/tier": prefix part must be non-empty',
    ]);
    expect(findings(claim({}))).toEqual([]);
  });
});

describe('CTR-HTTPGET headers', () => {
  test('1.27 allows only letters, digits and \'-\' (not every RFC 7230 token character); a missing name is an empty one', () => {
    // GIVEN a valid name, an RFC 7230 token that 1.27 still rejects, and a header without name
    const result = findings(pod({
      livenessProbe: { httpGet: { port: 80, httpHeaders: [{ name: 'X-Trace-1', value: 'a' }, { name: 'X.Trace', value: 'b' }, { value: 'c' }] } },
    }));

    // THEN the last two are reported on httpHeaders (no index), like the API server does
    const msg = 'a valid HTTP header must consist of alphanumeric characters or \'-\' (e.g. \'X-Header-Name\', regex used for validation is \'[-A-Za-z0-9]+\')';
    expect(result).toEqual([
      `CTR-HTTPGET spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: "X.Trace": ${msg}`,
      `CTR-HTTPGET spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: "": ${msg}`,
    ]);
  });
});

describe('DEP-STRATEGY', () => {
  test('Recreate with rollingUpdate: only the Forbidden (the rolling values are not validated)', () => {
    expect(findings(deployment({ type: 'Recreate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }))).toEqual([
      'DEP-STRATEGY spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is \'Recreate\'',
    ]);
    expect(findings(deployment({ type: 'Recreate', rollingUpdate: null }))).toEqual([]);
  });

  test('both zero is printed as the API server prints an IntOrString', () => {
    expect(findings(deployment({ rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } }))).toEqual([
      'DEP-STRATEGY spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
  });

  test('a string that is not a percentage counts as its Atoi value (0 when not a number) for the both-zero check', () => {
    // GIVEN maxUnavailable "abc" (not a percentage, Atoi fails → 0) and maxSurge 0
    const result = findings(deployment({ rollingUpdate: { maxSurge: 0, maxUnavailable: 'abc' } }));

    // THEN the percentage error and the both-zero error
    expect(result).toEqual([
      `DEP-STRATEGY spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"abc"}: ${PERCENT}`,
      'DEP-STRATEGY spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"abc"}: may not be 0 when `maxSurge` is 0',
    ]);
  });

  test('defaults: one zero alone is fine (the other defaults to 25%); maxSurge may exceed 100%', () => {
    expect(findings(deployment({ rollingUpdate: { maxUnavailable: 0 } }))).toEqual([]);
    expect(findings(deployment({ rollingUpdate: { maxSurge: '0%' } }))).toEqual([]);
    expect(findings(deployment({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '200%', maxUnavailable: '100%' } }))).toEqual([]);
    expect(findings(deployment(undefined))).toEqual([]);
  });
});

describe('SVC-SESSIONAFFINITY and LINT-SESSIONAFFINITY-IGNORED', () => {
  test('ClientIP timeout must be 1..86400; omitted, it defaults to 10800', () => {
    const clientIP = (timeoutSeconds: unknown) => service({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds } } });
    expect(findings(clientIP(0))).toEqual([
      'SVC-SESSIONAFFINITY spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ]);
    expect(findings(clientIP(1), clientIP(86400), service({ sessionAffinity: 'ClientIP' }), service({ sessionAffinity: 'ClientIP', sessionAffinityConfig: {} }))).toEqual([]);
  });

  test('a config with sessionAffinity None is dropped by defaulting: a warning, never the validator\'s Forbidden', () => {
    expect(findings(service({ sessionAffinity: 'None', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }))).toEqual([
      'warning LINT-SESSIONAFFINITY-IGNORED spec.sessionAffinityConfig: sessionAffinityConfig is ignored: sessionAffinity is None, and the API server drops the config',
    ]);
  });
});

describe('CTR-RES-REQ-LE-LIMIT for resources that cannot be overcommitted', () => {
  test('hugepages and extended resources: request must equal the limit; native resources may be lower', () => {
    const result = findings(pod({
      resources: {
        requests: { 'cpu': '100m', 'memory': '64Mi', 'hugepages-1Gi': '1Gi', 'example.com/fpga': '1' },
        limits: { 'cpu': '1', 'memory': '128Mi', 'hugepages-1Gi': '2Gi', 'example.com/fpga': '2' },
      },
    }));
    expect(result).toEqual([
      'CTR-RES-REQ-LE-LIMIT spec.containers[0].resources.requests: Invalid value: "1Gi": must be equal to hugepages-1Gi limit of 2Gi',
      'CTR-RES-REQ-LE-LIMIT spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/fpga limit of 2',
    ]);
  });

  test('a limit alone is fine (the request defaults to it); kubernetes.io/ resources are native', () => {
    expect(findings(pod({ resources: { requests: { 'memory': '64Mi', 'example.kubernetes.io/x': '1' }, limits: { 'nvidia.com/gpu': 1, 'hugepages-2Mi': '4Mi' } } }))).toEqual([]);
  });
});
