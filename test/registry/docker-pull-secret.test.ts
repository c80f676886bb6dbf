import { inspect } from 'util';
import { ApiObject, Cron, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { warningsOf } from '../../src/private/warnings';
import { DockerConfigFormat, DockerPullSecret, ImagePullSecrets, RegistryCredentials } from '../../src/registry';
import { expectError } from '../util';

const PASSWORD = 'Harbor12345';

function decode(secret: any, key: string): any {
  return JSON.parse(Buffer.from(secret.data[key], 'base64').toString('utf8'));
}

function harbor(chart = Testing.chart()) {
  const secret = new DockerPullSecret(chart, 'Pull', {
    metadata: { name: 'harbor-pull-secret' },
    registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword('admin', PASSWORD) }],
  });
  return { chart, secret };
}

describe('DockerPullSecret', () => {
  test('defaults', () => {
    // GIVEN
    const { chart, secret } = harbor();
    // WHEN
    const manifest = Testing.synth(chart);
    // THEN
    expect(secret.format).toBe(DockerConfigFormat.DOCKER_CONFIG_JSON);
    expect(secret.dataKey).toBe('.dockerconfigjson');
    expect(secret.registries).toEqual(['hub.test.com']);
    expect(manifest).toHaveLength(1);
    expect(manifest[0].type).toBe('kubernetes.io/dockerconfigjson');
    expect(manifest[0].stringData).toBeUndefined();
    expect(Object.keys(manifest[0].data)).toEqual(['.dockerconfigjson']);
    expect(Buffer.from(manifest[0].data['.dockerconfigjson'], 'base64').toString('utf8')).toBe(
      '{"auths":{"hub.test.com":{"username":"admin","password":"Harbor12345","auth":"YWRtaW46SGFyYm9yMTIzNDU="}}}');
    expect(manifest).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const secret = new DockerPullSecret(chart, 'Pull', {
      metadata: { name: 'regcred', namespace: 'studio' },
      immutable: true,
      format: DockerConfigFormat.DOCKERCFG,
      registries: [{ registry: 'registry.example.com:5000', credentials: RegistryCredentials.fromUsernamePassword('u', 'p'), email: 'u@example.com' }],
    });
    // THEN
    const [obj] = Testing.synth(chart);
    expect(secret.format).toBe(DockerConfigFormat.DOCKERCFG);
    expect(obj.metadata).toEqual({ name: 'regcred', namespace: 'studio' });
    expect(obj.immutable).toBe(true);
    expect(obj.type).toBe('kubernetes.io/dockercfg');
    expect(decode(obj, '.dockercfg')).toEqual({
      'registry.example.com:5000': { username: 'u', password: 'p', auth: Buffer.from('u:p').toString('base64'), email: 'u@example.com' },
    });
  });

  test('several registries in one secret, sorted', () => {
    // GIVEN
    const chart = Testing.chart();
    const secret = new DockerPullSecret(chart, 'Pull', {
      registries: [{ registry: 'z.example.com', credentials: RegistryCredentials.fromUsernamePassword('z', 'zz') }],
    });
    // WHEN
    secret.addRegistry({ registry: 'a.example.com', credentials: RegistryCredentials.fromUsernamePassword('a', 'aa') });
    // THEN
    const auths = decode(Testing.synth(chart)[0], '.dockerconfigjson').auths;
    expect(Object.keys(auths)).toEqual(['a.example.com', 'z.example.com']);
    expect(secret.registries).toEqual(['a.example.com', 'z.example.com']);
  });

  test.each(['docker.io', 'index.docker.io', 'registry-1.docker.io', '', 'https://index.docker.io/v1/'])(
    'normalises Docker Hub %j to its canonical auth key', (registry) => {
      expect(DockerPullSecret.registryKey(registry)).toBe('https://index.docker.io/v1/');
    });

  test('keeps other registries as host[:port]', () => {
    expect(DockerPullSecret.registryKey('https://hub.test.com/')).toBe('hub.test.com');
    expect(DockerPullSecret.registryKey('localhost:5000')).toBe('localhost:5000');
  });

  test('reads credentials from the environment when the secret is created', () => {
    // GIVEN
    process.env.TEST_HARBOR_USER = 'robot';
    process.env.TEST_HARBOR_PASSWORD = 'from-env';
    try {
      const chart = Testing.chart();
      // WHEN
      new DockerPullSecret(chart, 'Pull', {
        registries: [
          { registry: 'hub.test.com', credentials: RegistryCredentials.fromEnv('TEST_HARBOR_USER', 'TEST_HARBOR_PASSWORD') },
          { registry: 'docker.io', credentials: RegistryCredentials.fromEnvPassword('me', 'TEST_HARBOR_PASSWORD') },
        ],
      });
      // THEN
      const auths = decode(Testing.synth(chart)[0], '.dockerconfigjson').auths;
      expect(auths['hub.test.com'].username).toBe('robot');
      expect(auths['hub.test.com'].password).toBe('from-env');
      expect(auths['https://index.docker.io/v1/'].auth).toBe(Buffer.from('me:from-env').toString('base64'));
    } finally {
      delete process.env.TEST_HARBOR_USER;
      delete process.env.TEST_HARBOR_PASSWORD;
    }
  });

  test('credentials do not show the password when printed', () => {
    const credentials = RegistryCredentials.fromUsernamePassword('admin', PASSWORD);
    expect(JSON.stringify(credentials)).not.toContain(PASSWORD);
    expect(inspect(credentials, { depth: 5 })).not.toContain(PASSWORD);
    expect(credentials.username).toBe('admin');
    expect(RegistryCredentials.fromEnv('U', 'P').environmentVariables).toEqual(['U', 'P']);
  });

  test('warns that the credentials are only base64-encoded, without the password', () => {
    // GIVEN
    const { chart } = harbor();
    // THEN
    const warnings = warningsOf(chart);
    expect(warnings).toEqual([
      'DockerPullSecret \'Pull\': registry credentials are written into the manifest, only base64-encoded; do not commit it to Git. '
      + 'For GitOps, create the Secret outside Git and reference it with DockerPullSecret.fromSecretName()',
    ]);
    const metadata = JSON.stringify(chart.node.findAll().map((c) => c.node.metadata.map((m) => m.data)));
    expect(metadata).not.toContain(PASSWORD);
    expect(metadata).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
  });

  test('the password is only in the data, not in metadata, labels or annotations', () => {
    // GIVEN
    const { chart, secret } = harbor();
    const deployment = new kplus.Deployment(chart, 'Deploy');
    deployment.addContainer({ image: 'hub.test.com/library/nginx:v1' });
    secret.addTo(deployment);
    // WHEN
    const manifest = Testing.synth(chart);
    // THEN
    const withoutData = JSON.stringify(manifest.map((o) => ({ ...o, data: undefined })));
    expect(withoutData).not.toContain(PASSWORD);
    expect(withoutData).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
  });

  test('from existing docker config.json content', () => {
    // GIVEN
    const chart = Testing.chart();
    const content = '{"auths":{"hub.test.com":{"auth":"YWRtaW46SGFyYm9yMTIzNDU="}}}';
    // WHEN
    const secret = DockerPullSecret.fromDockerConfig(chart, 'Pull', content, { metadata: { name: 'from-file' } });
    // THEN
    const [obj] = Testing.synth(chart);
    expect(Buffer.from(obj.data['.dockerconfigjson'], 'base64').toString('utf8')).toBe(content);
    expect(secret.registries).toEqual(['hub.test.com']);
  });

  test('from existing .dockercfg content', () => {
    // GIVEN
    const chart = Testing.chart();
    const content = '{"hub.test.com":{"auth":"YWRtaW46SGFyYm9yMTIzNDU="}}';
    // WHEN
    DockerPullSecret.fromDockerConfig(chart, 'Pull', content, { format: DockerConfigFormat.DOCKERCFG });
    // THEN
    const [obj] = Testing.synth(chart);
    expect(obj.type).toBe('kubernetes.io/dockercfg');
    expect(Buffer.from(obj.data['.dockercfg'], 'base64').toString('utf8')).toBe(content);
  });

  test('an existing secret by name synthesizes nothing', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const secret = DockerPullSecret.fromSecretName(chart, 'Existing', 'harbor-pull-secret');
    const pod = new kplus.Pod(chart, 'Pod');
    pod.addContainer({ image: 'hub.test.com/library/nginx:v1' });
    ImagePullSecrets.addTo(pod, secret);
    // THEN
    const manifest = Testing.synth(chart);
    expect(manifest.map((o) => o.kind)).toEqual(['Pod']);
    expect(manifest[0].spec.imagePullSecrets).toEqual([{ name: 'harbor-pull-secret' }]);
  });

  test('plugs into cdk8s-plus dockerRegistryAuth as an ISecret', () => {
    // GIVEN
    const { chart, secret } = harbor();
    // WHEN
    const pod = new kplus.Pod(chart, 'Pod', { dockerRegistryAuth: secret });
    pod.addContainer({ image: 'hub.test.com/library/nginx:v1' });
    // THEN
    expect(Testing.synth(chart).find((o) => o.kind === 'Pod').spec.imagePullSecrets).toEqual([{ name: 'harbor-pull-secret' }]);
  });

  describe('errors', () => {
    test('throws for an invalid metadata.name', () => {
      expectError(() => new DockerPullSecret(Testing.chart(), 'pull', { metadata: { name: 'Reg_Cred' } }),
        'DockerPullSecret \'pull\': \'metadata.name\' is invalid, got \'Reg_Cred\': a lowercase RFC 1123 subdomain must consist of '
        + 'lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. '
        + '\'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
    });

    test('fromDockerConfig throws for an invalid metadata.namespace', () => {
      expectError(() => DockerPullSecret.fromDockerConfig(Testing.chart(), 'pull', '{"auths":{}}', { metadata: { namespace: 'a.b' } }),
        'DockerPullSecret \'pull\': \'metadata.namespace\' is invalid, got \'a.b\': must not contain dots');
    });

    test('throws naming the unset variable, not a value', () => {
      delete process.env.TEST_UNSET_PASSWORD;
      expectError(() => new DockerPullSecret(Testing.chart(), 'Pull', {
        registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromEnvPassword('admin', 'TEST_UNSET_PASSWORD') }],
      }), 'DockerPullSecret \'Pull\': environment variable \'TEST_UNSET_PASSWORD\' is not set (or empty); export it before synth, '
        + 'or reference an existing secret with DockerPullSecret.fromSecretName()');
    });

    test('throws on a registry listed twice (Docker Hub aliases count as one)', () => {
      const secret = new DockerPullSecret(Testing.chart(), 'Pull', {
        registries: [{ registry: 'docker.io', credentials: RegistryCredentials.fromUsernamePassword('a', 'b') }],
      });
      expectError(() => secret.addRegistry({ registry: 'index.docker.io', credentials: RegistryCredentials.fromUsernamePassword('a', 'c') }),
        'DockerPullSecret \'Pull\': registry \'https://index.docker.io/v1/\' is already in this secret; one login per registry');
    });

    test('throws on a registry with a path', () => {
      expectError(() => new DockerPullSecret(Testing.chart(), 'Pull', {
        registries: [{ registry: 'hub.test.com/library', credentials: RegistryCredentials.fromUsernamePassword('a', 'b') }],
      }), 'DockerPullSecret \'Pull\': \'registry\' is invalid, got \'hub.test.com/library\': must be a host[:port] without a path or '
        + 'whitespace, e.g. \'hub.test.com\'');
    });

    test('fails at synth without any registry', () => {
      const chart = Testing.chart();
      new DockerPullSecret(chart, 'Pull');
      expect(() => Testing.synth(chart)).toThrow('DockerPullSecret \'Pull\': has no registry; pass \'registries\' or call addRegistry()');
    });

    test('throws on content that is not JSON, without echoing it', () => {
      expectError(() => DockerPullSecret.fromDockerConfig(Testing.chart(), 'Pull', 'password=Harbor12345'),
        'DockerPullSecret \'Pull\': \'content\' is not a valid docker config.json: it is not JSON');
    });

    test('throws on config.json content without auths', () => {
      expectError(() => DockerPullSecret.fromDockerConfig(Testing.chart(), 'Pull', '{"hub.test.com":{"auth":"x"}}'),
        'DockerPullSecret \'Pull\': \'content\' is not a valid docker config.json: it has no "auths" object (a .dockercfg has the '
        + 'registries at the top level: pass format: DockerConfigFormat.DOCKERCFG)');
    });

    test('throws on .dockercfg content with the auths wrapper', () => {
      expectError(() => DockerPullSecret.fromDockerConfig(Testing.chart(), 'Pull', '{"auths":{"hub.test.com":{"auth":"x"}}}',
        { format: DockerConfigFormat.DOCKERCFG }),
      'DockerPullSecret \'Pull\': \'content\' is not a valid .dockercfg: it has an "auths" wrapper, which is the config.json format: '
        + 'pass format: DockerConfigFormat.DOCKER_CONFIG_JSON');
    });

    test('throws on a registry entry that is not an object', () => {
      expectError(() => DockerPullSecret.fromDockerConfig(Testing.chart(), 'Pull', '{"auths":{"hub.test.com":"x"}}'),
        'DockerPullSecret \'Pull\': \'content\' is not a valid docker config.json: the entry of registry \'hub.test.com\' must be an object');
    });

    test('throws on addRegistry for a secret from existing content', () => {
      const secret = DockerPullSecret.fromDockerConfig(Testing.chart(), 'Pull', '{"auths":{}}');
      expectError(() => secret.addRegistry({ registry: 'x.io', credentials: RegistryCredentials.fromUsernamePassword('a', 'b') }),
        'DockerPullSecret \'Pull\': addRegistry() cannot change a secret created from existing docker config content; '
        + 'add the registry to the content instead');
    });

    test('throws on addStringData', () => {
      const { secret } = harbor();
      expectError(() => secret.addStringData('extra', 'x'),
        'DockerPullSecret \'Pull\': addStringData(\'extra\') is not supported: a pull secret holds only \'.dockerconfigjson\'; '
        + 'use addRegistry() to add a registry login');
    });
  });
});

describe('DockerPullSecret metadata and keys', () => {
  test('{ name: undefined } keeps the generated name', () => {
    const chart = Testing.chart();
    const secret = new DockerPullSecret(chart, 'pull', {
      metadata: { name: undefined },
      registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword('u', 'p') }],
    });
    expect(Testing.synth(chart)[0].metadata.name).toBe(secret.name);
    expect(secret.name).toMatch(/^test-pull-/);
  });

  test('a label named "constructor" and a registry named "__proto__" are written as given', () => {
    const chart = Testing.chart();
    new DockerPullSecret(chart, 'pull', {
      metadata: { name: 'regcred', labels: { constructor: 'x' } },
      registries: [{ registry: '__proto__', credentials: RegistryCredentials.fromUsernamePassword('u', 'p') }],
    });
    const [secret] = Testing.synth(chart);
    expect(secret.metadata.labels).toEqual({ constructor: 'x' });
    expect(Object.keys(decode(secret, '.dockerconfigjson').auths)).toEqual(['__proto__']);
  });
});

describe('ImagePullSecrets', () => {
  test('several secrets per workload, de-duplicated, after dockerRegistryAuth', () => {
    // GIVEN
    const { chart, secret } = harbor();
    const other = DockerPullSecret.fromSecretName(chart, 'Other', 'other-registry');
    const deployment = new kplus.Deployment(chart, 'Deploy', { dockerRegistryAuth: other });
    deployment.addContainer({ image: 'hub.test.com/library/nginx:v1' });
    // WHEN
    secret.addTo(deployment);
    ImagePullSecrets.addTo(deployment, secret);
    ImagePullSecrets.addTo(deployment, other);
    // THEN
    const deploy = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(deploy.spec.template.spec.imagePullSecrets).toEqual([{ name: 'other-registry' }, { name: 'harbor-pull-secret' }]);
    expect(ImagePullSecrets.namesOf(deployment)).toEqual(['other-registry', 'harbor-pull-secret']);
  });

  test('on a Pod and a CronJob', () => {
    // GIVEN
    const { chart, secret } = harbor();
    const pod = new kplus.Pod(chart, 'Pod');
    pod.addContainer({ image: 'hub.test.com/library/nginx:v1' });
    const cron = new kplus.CronJob(chart, 'Cron', { schedule: Cron.hourly() });
    cron.addContainer({ image: 'hub.test.com/library/tool:v1' });
    // WHEN
    secret.addTo(pod);
    secret.addTo(cron);
    // THEN
    const manifest = Testing.synth(chart);
    expect(manifest.find((o) => o.kind === 'Pod').spec.imagePullSecrets).toEqual([{ name: 'harbor-pull-secret' }]);
    expect(manifest.find((o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.spec.imagePullSecrets)
      .toEqual([{ name: 'harbor-pull-secret' }]);
  });

  test('on a ServiceAccount', () => {
    // GIVEN
    const { chart, secret } = harbor();
    const sa = new kplus.ServiceAccount(chart, 'SA', { metadata: { name: 'puller' } });
    // WHEN
    secret.addToServiceAccount(sa);
    ImagePullSecrets.addToServiceAccount(sa, secret);
    // THEN
    expect(Testing.synth(chart).find((o) => o.kind === 'ServiceAccount').imagePullSecrets).toEqual([{ name: 'harbor-pull-secret' }]);
  });

  test('escape hatch: the workload can still be patched after the pull secrets', () => {
    // GIVEN
    const { chart, secret } = harbor();
    const deployment = new kplus.Deployment(chart, 'Deploy');
    deployment.addContainer({ image: 'hub.test.com/library/nginx:v1' });
    secret.addTo(deployment);
    // WHEN
    ApiObject.of(deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/imagePullSecrets/-', { name: 'extra' }));
    // THEN
    expect(Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.template.spec.imagePullSecrets)
      .toEqual([{ name: 'harbor-pull-secret' }, { name: 'extra' }]);
  });
});
