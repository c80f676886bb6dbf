import { checkMetadata, definedMetadata, MAX_ANNOTATIONS_SIZE, NameRule } from '../../src/private/metadata';
import { expectError } from '../util';

describe('checkMetadata', () => {
  test('accepts valid metadata and no metadata', () => {
    expect(() => checkMetadata('SidecarPod', 'web', undefined)).not.toThrow();
    expect(() => checkMetadata('SidecarPod', 'web', {
      name: 'pod-emptydir',
      namespace: 'studio',
      labels: { 'app': 'myapp', 'app.kubernetes.io/name': '' },
      annotations: { 'reloader.stakater.com/match': 'true' },
    })).not.toThrow();
  });

  test('rejects a name that is not a DNS-1123 subdomain', () => {
    expectError(() => checkMetadata('SidecarPod', 'web', { name: 'Web' }),
      'SidecarPod \'web\': \'metadata.name\' is invalid, got \'Web\': a lowercase RFC 1123 subdomain must consist of lower case alphanumeric '
      + 'characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is '
      + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
  });

  test('uses the DNS-1035 rule for Services', () => {
    expect(() => checkMetadata('ServiceRules', 's', { name: 'web.svc' }, NameRule.SUBDOMAIN)).not.toThrow();
    expect(() => checkMetadata('ServiceRules', 's', { name: '1-web' }, NameRule.DNS1035_LABEL)).toThrow(/'metadata.name' is invalid, got '1-web': a DNS-1035 label/);
  });

  test('rejects a namespace with dots', () => {
    expectError(() => checkMetadata('SidecarPod', 'web', { namespace: 'a.b' }),
      'SidecarPod \'web\': \'metadata.namespace\' is invalid, got \'a.b\': must not contain dots');
  });

  test('rejects a bad label key and a bad label value', () => {
    expectError(() => checkMetadata('SidecarPod', 'web', { labels: { '/app': 'x' } }),
      'SidecarPod \'web\': \'metadata.labels\' is invalid, got \'/app\': prefix part must be non-empty. Label keys are [prefix/]name');
    expect(() => checkMetadata('SidecarPod', 'web', { labels: { app: 'a b' } })).toThrow(/^SidecarPod 'web': 'metadata.labels\[app\]' is invalid, got 'a b': a valid label must be/);
  });

  test('rejects a bad annotation key and oversized annotations', () => {
    expectError(() => checkMetadata('SidecarPod', 'web', { annotations: { 'a/b/c': 'x' } }),
      'SidecarPod \'web\': \'metadata.annotations\' is invalid, got \'a/b/c\': a qualified name must consist of alphanumeric characters, \'-\', '
      + '\'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used '
      + 'for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. '
      + '\'example.com/MyName\'). Annotation keys are [prefix/]name');
    expectError(() => checkMetadata('SidecarPod', 'web', { annotations: { a: 'x'.repeat(MAX_ANNOTATIONS_SIZE) } }),
      `SidecarPod 'web': 'metadata.annotations' is invalid, got '${MAX_ANNOTATIONS_SIZE + 1} bytes': must have at most ${MAX_ANNOTATIONS_SIZE} bytes`);
  });
});

describe('definedMetadata', () => {
  test('drops undefined fields so a generated name survives', () => {
    expect(definedMetadata({ name: undefined, labels: { a: 'b' } })).toEqual({ labels: { a: 'b' } });
    expect(definedMetadata(undefined)).toBeUndefined();
  });
});
