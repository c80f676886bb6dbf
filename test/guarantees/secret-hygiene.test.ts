/**
 * Guarantee: a credential given to this library appears only inside the `data` of the Secret
 * that holds it. Not in another object or field, not in an error message, a warning, the construct
 * metadata (which cdk8s-cli writes to construct-metadata.json), a validator finding or anything
 * printed to the console. That covers the password, its base64 in any alignment (so also inside
 * any larger base64 blob), base64 of `user:password`, and the whole `.dockerconfigjson`.
 *
 * The one exception, by design of cdk8s-plus-27: a plain `kplus.Secret` written with `stringData`
 * (an Opaque secret) carries its values in `stringData`, which is allowed for that Secret only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { ApiObject, App, Chart, Testing, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { SecretMount } from '../../src/config';
import { PatternsError } from '../../src/private/errors';
import { warningsOf } from '../../src/private/warnings';
import { DockerConfigFormat, DockerPullSecret, RegistryCredentials } from '../../src/registry';
import { ManifestValidator, Validation } from '../../src/validation';
import { runCli } from '../../src/validation/cli';

// Distinctive values: no accidental match in any output. Lengths 16/17/18 cover all three base64 alignments.
const USER = 'robot-deployer';
const PASSWORDS = ['pW7fK3q9xZr2Lm8T', 'Xq4!vB9#mN2$kL7@s', 'tok_9fA2hJ6dQ1wE5rY0'];
const [PW_HARBOR, PW_HUB, PW_ENV] = PASSWORDS;
const PW_OPAQUE = 'opaque-Zt8Vn3Kc5Qp1Hx6';
const PW_CONFIG = 'cfg-Rj4Mw7Ny2Bv9Ls3';
const ENV_USER = 'CDK8S_PATTERNS_TEST_USER';
const ENV_PASSWORD = 'CDK8S_PATTERNS_TEST_PASSWORD';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * The base64 characters that encode `text` whatever bytes come before and after it, for each of
 * the three alignments: found in the base64 of any string that contains `text`.
 */
function base64Cores(text: string): string[] {
  const n = Buffer.byteLength(text, 'utf8');
  return [0, 1, 2].map((k) => {
    const encoded = b64(`${'x'.repeat(k)}${text}xx`);
    return encoded.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + n)) / 6));
  });
}

interface Needle {
  readonly label: string;
  readonly text: string;
}

/** Every form of a secret we look for. */
function needlesFor(user: string, password: string): Needle[] {
  return [
    { label: 'password', text: password },
    { label: 'base64(password)', text: b64(password) },
    ...base64Cores(password).map((text, i) => ({ label: `base64 of a text containing the password (alignment ${i})`, text })),
    { label: 'base64(user:password)', text: b64(`${user}:${password}`) },
  ];
}

const ALL_NEEDLES: Needle[] = [
  ...needlesFor(USER, PW_HARBOR), ...needlesFor(USER, PW_HUB), ...needlesFor(USER, PW_ENV),
  ...needlesFor('admin', PW_OPAQUE), ...needlesFor(USER, PW_CONFIG),
];

function found(text: string, needles: Needle[] = ALL_NEEDLES): string[] {
  return needles.filter((n) => text.includes(n.text)).map((n) => n.label);
}

/**
 * Walks a Kubernetes object and returns `path: forms` for every key or value holding a secret,
 * except inside a Secret's `data` (and the `stringData` of an Opaque secret).
 */
function leaksIn(obj: any, where: string, needles: Needle[] = ALL_NEEDLES): string[] {
  const out: string[] = [];
  const isSecret = obj && obj.kind === 'Secret';
  const walk = (v: unknown, p: string) => {
    if (isSecret && (/^data\./.test(p) || (obj.type === undefined || obj.type === 'Opaque') && /^stringData\./.test(p))) {
      return; // the one place the value belongs
    }
    if (typeof v === 'string') {
      const f = found(v, needles);
      if (f.length > 0) {
        out.push(`${where} ${p}: ${f.join(', ')}`);
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${p}[${i}]`));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const f = found(k, needles);
        if (f.length > 0) {
          out.push(`${where} key ${p}.${k}: ${f.join(', ')}`);
        }
        walk(x, p === '' ? k : `${p}.${k}`);
      }
    }
  };
  walk(obj, '');
  return out;
}

/** Captures everything written to stdout/stderr and the console while `fn` runs. */
function captureOutput<T>(fn: () => T): { result?: T; error?: unknown; output: string } {
  let output = '';
  const record = (...args: unknown[]) => {
    output += `${args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')}\n`;
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(record as any),
    jest.spyOn(process.stderr, 'write').mockImplementation(record as any),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(record)),
  ];
  try {
    return { result: fn(), output };
  } catch (error) {
    return { error, output };
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
}

/** Everything a construct tree carries besides its API objects: metadata of every construct and the warnings. */
function metadataText(scope: IConstruct): string {
  return scope.node.findAll().map((c) => c.node.metadata.map((m) => `${c.node.path} ${m.type} ${JSON.stringify(m.data)}`).join('\n')).join('\n');
}

/** An app with every way this library takes a credential. */
function credentialApp(outdir: string): { app: App; chart: Chart } {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART, outputFileExtension: '.k8s.yaml' });
  const chart = new Chart(app, 'creds');

  // several registries in one secret, values and environment variables
  const pull = new DockerPullSecret(chart, 'pull', {
    metadata: { name: 'regcred' },
    registries: [
      { registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword(USER, PW_HARBOR) },
      { registry: 'https://index.docker.io/v1/', credentials: RegistryCredentials.fromUsernamePassword(USER, PW_HUB), email: 'ops@example.com' },
    ],
  });
  pull.addRegistry({ registry: 'registry.example.com:5000', credentials: RegistryCredentials.fromEnv(ENV_USER, ENV_PASSWORD) });
  new DockerPullSecret(chart, 'legacy', {
    metadata: { name: 'regcred-legacy' },
    format: DockerConfigFormat.DOCKERCFG,
    registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromEnvPassword(USER, ENV_PASSWORD) }],
  });
  DockerPullSecret.fromDockerConfig(chart, 'from-config', JSON.stringify({
    auths: { 'ghcr.io': { auth: b64(`${USER}:${PW_CONFIG}`) } },
  }), { metadata: { name: 'regcred-ghcr' } });

  // an Opaque secret, mounted as files (content hash by default for mountFile), as a directory and as env vars
  const opaque = new kplus.Secret(chart, 'opaque', { metadata: { name: 'db' }, stringData: { username: 'admin', password: PW_OPAQUE } });
  const deployment = new kplus.Deployment(chart, 'app', { metadata: { name: 'app' } });
  const app1 = deployment.addContainer({
    name: 'app',
    image: 'hub.test.com/team/app:1.0.0',
    envVariables: { DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: opaque, key: 'password' }) },
  });
  const mount = new SecretMount(chart, 'db-files', { pod: deployment, secret: opaque, items: [{ key: 'password', path: 'db/password' }] });
  mount.mountFile(app1, '/run/secrets/db-password', { file: 'db/password' });
  pull.addTo(deployment);

  Validation.enable(app);
  return { app, chart };
}

describe('secret hygiene', () => {
  let tmp: string;
  const savedEnv = { ...process.env };

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-hygiene-'));
  });

  beforeEach(() => {
    process.env[ENV_USER] = USER;
    process.env[ENV_PASSWORD] = PW_ENV;
  });

  afterEach(() => {
    delete process.env[ENV_USER];
    delete process.env[ENV_PASSWORD];
  });

  afterAll(() => {
    process.env = savedEnv;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the needles are what we think they are (the scan can find a leak)', () => {
    // GIVEN a text that embeds the password in a larger base64 blob
    const blob = b64(`{"note":"the password is ${PW_HUB}, keep it"}`);

    // THEN
    const alignment = Buffer.byteLength('{"note":"the password is ') % 3;
    expect(found(blob)).toEqual([`base64 of a text containing the password (alignment ${alignment})`]);
    expect(found(b64(`${USER}:${PW_HUB}`))).toContain('base64(user:password)');
    expect(leaksIn({ kind: 'ConfigMap', data: { x: blob } }, 'cm')).toHaveLength(1);
    expect(leaksIn({ kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', data: { x: blob } }, 's')).toEqual([]);
    expect(leaksIn({ kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', stringData: { x: PW_HUB } }, 's')).toHaveLength(1);
  });

  test('an app full of credentials: only the Secrets\' data holds them, in memory, on disk, in metadata, warnings, findings and console', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');

    // WHEN it is built and synthesized to files (validation enabled: it prints warnings)
    const run = captureOutput(() => {
      const { app, chart } = credentialApp(outdir);
      app.synth();
      return { app, chart };
    });

    // THEN it synthesized, and the credentials are in the secrets
    expect(run.error).toBeUndefined();
    const { app, chart } = run.result!;
    const objects = chart.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson());
    const secrets = objects.filter((o) => o.kind === 'Secret');
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual(['db', 'regcred', 'regcred-ghcr', 'regcred-legacy']);
    const regcred = JSON.parse(Buffer.from(secrets.find((s) => s.metadata.name === 'regcred').data['.dockerconfigjson'], 'base64').toString());
    expect(Object.keys(regcred.auths)).toEqual(['https://index.docker.io/v1/', 'hub.test.com', 'registry.example.com:5000']);
    expect(regcred.auths['registry.example.com:5000']).toEqual({ username: USER, password: PW_ENV, auth: b64(`${USER}:${PW_ENV}`) });

    // the whole .dockerconfigjson (plain and base64) is also a needle from here on
    const wholeConfigs: Needle[] = secrets.filter((s) => s.type !== 'Opaque' && s.data).flatMap((s) => Object.values(s.data as Record<string, string>))
      .flatMap((v) => [{ label: 'base64(.dockerconfigjson)', text: v }, { label: '.dockerconfigjson', text: Buffer.from(v, 'base64').toString() }]);
    const needles = [...ALL_NEEDLES, ...wholeConfigs];

    // API objects in memory
    expect(objects.flatMap((o) => leaksIn(o, `${o.kind}/${o.metadata.name}`, needles))).toEqual([]);

    // the files on disk: each document, and the raw text once the Secrets' data values are blanked out
    const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml'));
    expect(files).toEqual(['creds.k8s.yaml']);
    for (const f of files) {
      let text = fs.readFileSync(path.join(outdir, f), 'utf8');
      const docs = parseAllDocuments(text).map((d) => d.toJS());
      expect(docs.flatMap((o) => leaksIn(o, `${f} ${o.kind}/${o.metadata.name}`, needles))).toEqual([]);
      for (const s of docs.filter((o) => o.kind === 'Secret')) {
        for (const v of [...Object.values(s.data ?? {}), ...Object.values(s.stringData ?? {})] as string[]) {
          text = text.split(v).join('<allowed>');
        }
      }
      expect(found(text, needles)).toEqual([]);
    }

    // construct metadata (what cdk8s-cli writes to construct-metadata.json) and the warnings
    expect(found(metadataText(app), needles)).toEqual([]);
    const warnings = warningsOf(app);
    expect(warnings.length).toBeGreaterThanOrEqual(3); // one "credentials in the manifest" notice per DockerPullSecret
    expect(found(warnings.join('\n'), needles)).toEqual([]);

    // validator findings over the same app
    const findings = Validation.validate(app);
    expect(found(JSON.stringify(findings), needles)).toEqual([]);

    // console output of the whole build + synth
    expect(run.output).toContain('registry credentials are written into the manifest');
    expect(found(run.output, needles)).toEqual([]);
  });

  test('credentials objects print no password', () => {
    // GIVEN
    const values = RegistryCredentials.fromUsernamePassword(USER, PW_HARBOR);
    const fromEnv = RegistryCredentials.fromEnv(ENV_USER, ENV_PASSWORD);

    // THEN
    for (const c of [values, fromEnv]) {
      expect(found(`${JSON.stringify(c)}\n${inspect(c, { depth: 10, showHidden: true })}\n${String(c)}`)).toEqual([]);
    }
    expect(JSON.parse(JSON.stringify(fromEnv))).toEqual({ environmentVariables: [ENV_USER, ENV_PASSWORD] });
  });

  /** Error paths while a password is in the props: each throws a PatternsError with no credential in it. */
  const errorCases: Array<[string, () => unknown]> = [
    ['a registry with a space', () => new DockerPullSecret(Testing.chart(), 's', {
      registries: [{ registry: 'hub test.com', credentials: RegistryCredentials.fromUsernamePassword(USER, PW_HARBOR) }],
    })],
    ['a registry with a path', () => new DockerPullSecret(Testing.chart(), 's', {
      registries: [{ registry: `hub.test.com/${USER}`, credentials: RegistryCredentials.fromUsernamePassword(USER, PW_HUB) }],
    })],
    ['the same registry twice (Docker Hub aliases)', () => new DockerPullSecret(Testing.chart(), 's', {
      registries: [
        { registry: 'docker.io', credentials: RegistryCredentials.fromUsernamePassword(USER, PW_HARBOR) },
        { registry: 'index.docker.io', credentials: RegistryCredentials.fromUsernamePassword(USER, PW_HUB) },
      ],
    })],
    ['the user variable unset while the password variable is set', () => {
      delete process.env[ENV_USER];
      return new DockerPullSecret(Testing.chart(), 's', {
        registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromEnv(ENV_USER, ENV_PASSWORD) }],
      });
    }],
    ['an empty password variable', () => {
      process.env[ENV_PASSWORD] = '';
      return new DockerPullSecret(Testing.chart(), 's', {
        registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromEnvPassword(PW_HARBOR.slice(0, 3), ENV_PASSWORD) }],
      });
    }],
    ['docker config content that is not JSON', () => DockerPullSecret.fromDockerConfig(Testing.chart(), 's',
      `{"auths": {"hub.test.com": {"username": "${USER}", "password": "${PW_HARBOR}", "auth": "${b64(`${USER}:${PW_HARBOR}`)}"`)],
    ['docker config content whose entry is a string', () => DockerPullSecret.fromDockerConfig(Testing.chart(), 's',
      JSON.stringify({ auths: { 'hub.test.com': b64(`${USER}:${PW_HUB}`) } }))],
    ['docker config content without auths', () => DockerPullSecret.fromDockerConfig(Testing.chart(), 's',
      JSON.stringify({ 'hub.test.com': { auth: b64(`${USER}:${PW_HUB}`), password: PW_HUB } }))],
    ['.dockercfg content with an auths wrapper', () => DockerPullSecret.fromDockerConfig(Testing.chart(), 's',
      JSON.stringify({ auths: { 'hub.test.com': { password: PW_ENV } } }), { format: DockerConfigFormat.DOCKERCFG })],
    ['addStringData with the password', () => {
      const s = new DockerPullSecret(Testing.chart(), 's', {
        registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword(USER, PW_HARBOR) }],
      });
      s.addStringData('password', PW_HUB);
    }],
    ['addRegistry on a secret made from docker config content', () => {
      const s = DockerPullSecret.fromDockerConfig(Testing.chart(), 's', JSON.stringify({ auths: { 'a.io': { auth: b64(`u:${PW_ENV}`) } } }));
      s.addRegistry({ registry: 'b.io', credentials: RegistryCredentials.fromUsernamePassword(USER, PW_HARBOR) });
    }],
    ['a SecretMount item naming a key the Secret lacks (checked at synth)', () => {
      const chart = Testing.chart();
      const secret = new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: PW_OPAQUE } });
      const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'pod' } });
      const c = pod.addContainer({ name: 'app', image: 'nginx:1.25.3' });
      new SecretMount(chart, 'm', { pod, secret, items: [{ key: 'passwd', path: 'p' }] }).replaceDirectory(c, '/etc/db');
      Testing.synth(chart);
    }],
    ['a SecretMount file the Secret lacks (checked at synth)', () => {
      const chart = Testing.chart();
      const secret = new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: PW_OPAQUE, user: 'admin' } });
      const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'pod' } });
      const c = pod.addContainer({ name: 'app', image: 'nginx:1.25.3' });
      new SecretMount(chart, 'm', { pod, secret }).mountFile(c, '/etc/db/pass');
      Testing.synth(chart);
    }],
    ['a SecretMount item key that is invalid', () => {
      const chart = Testing.chart();
      const secret = new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: PW_OPAQUE } });
      const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'pod' } });
      new SecretMount(chart, 'm', { pod, secret, items: [{ key: 'pass word', path: '../p' }] });
    }],
  ];

  test.each(errorCases)('error path: %s', (_what, fn) => {
    // WHEN
    const run = captureOutput(fn);

    // THEN it is our error (thrown at once, or listed by cdk8s' synth-time validation), and neither
    // it nor the console holds a credential
    expect(run.error).toBeInstanceOf(Error);
    const e = run.error as Error;
    if (e.name === 'PatternsError') {
      expect(run.error).toBeInstanceOf(PatternsError);
    } else {
      expect(e.message).toMatch(/^Validation failed with the following errors:\n {2}\[[^\]]+\] [A-Z][A-Za-z]+ '[^']*': /);
    }
    expect(found(`${e.message}\n${e.stack}\n${inspect(e)}`)).toEqual([]);
    expect(found(run.output)).toEqual([]);
  });

  test('a synth that fails validation lists the findings, with no credential', () => {
    // GIVEN the credential app plus a raw Secret with a bad key and a pull secret reference of the wrong type
    const { app, chart } = credentialApp(path.join(tmp, 'failing'));
    new ApiObject(chart, 'raw', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'raw' },
      type: 'kubernetes.io/basic-auth',
      data: { 'pass word': b64(PW_HARBOR), 'password': PW_HUB },
    });

    // WHEN
    const run = captureOutput(() => app.synth());

    // THEN
    expect(run.error).toBeInstanceOf(Error);
    const message = (run.error as Error).message;
    expect(message).toContain('SEC-KEY-FORMAT');
    expect(message).toContain('SEC-DATA-BASE64');
    expect(found(`${message}\n${run.output}`)).toEqual([]);
  });

  test('validator findings about broken Secrets quote no value', () => {
    // GIVEN secrets broken in every way the validator checks
    const docker = (content: string, format = 'kubernetes.io/dockerconfigjson') => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'd' },
      type: format,
      data: { [format.endsWith('json') ? '.dockerconfigjson' : '.dockercfg']: b64(content) },
    });
    const manifests = [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' }, data: { password: PW_HARBOR } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' }, data: { password: `${b64(PW_HUB)}===` }, extra: 1 },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c' }, stringData: { password: [PW_ENV] }, immutable: 'yes' },
      docker(`{"auths": ${PW_HARBOR}`),
      docker(`["${PW_HUB}"]`, 'kubernetes.io/dockercfg'),
      docker(JSON.stringify({ auths: { 'hub.test.com': PW_ENV } })),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, type: 'kubernetes.io/tls', stringData: { 'tls.key': PW_OPAQUE } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { imagePullSecrets: [{ name: 'a' }], containers: [{ name: 'c', image: 'nginx:1.25.3' }] } },
    ];

    // WHEN
    const findings = new ManifestValidator().validate(manifests);

    // THEN the secrets are reported, without their values
    expect(findings.filter((f) => f.kind === 'Secret' && f.severity === 'error').length).toBeGreaterThanOrEqual(6);
    expect(found(JSON.stringify(findings))).toEqual([]);
    expect(found(findings.map((f) => ManifestValidator.formatFinding(f)).join('\n'))).toEqual([]);
  });

  test('the CLI prints no value of a broken Secret file', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(tmp, 'cli-'));
    fs.writeFileSync(path.join(dir, 's.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: '${PW_HUB}'\n  'a b': ${b64(PW_HARBOR)}\n`);
    let output = '';
    const io = { stdout: (t: string) => { output += t; }, stderr: (t: string) => { output += t; }, cwd: dir };

    // WHEN
    const text = runCli(['validate', 's.yaml'], io);
    const json = runCli(['validate', '--format', 'json', 's.yaml'], io);

    // THEN
    expect([text, json]).toEqual([1, 1]);
    expect(output).toContain('SEC-DATA-BASE64');
    expect(found(output)).toEqual([]);
  });

  // SCHEMA-INVALID-DOCUMENT quotes the structure of a document without `kind`, not its values.
  test('a Secret with a misspelt kind is reported without its data', () => {
    const findings = new ManifestValidator().validate([{ apiVersion: 'v1', Kind: 'Secret', data: { pw: b64(PW_HARBOR) } }]);

    expect(findings.map((f) => f.ruleId)).toEqual(['SCHEMA-INVALID-DOCUMENT']);
    expect(findings[0].message).toBe('Object \'Kind\' is missing in \'{"apiVersion":"v1","Kind":"Secret","data":{"pw":string}}\'');
    expect(found(JSON.stringify(findings))).toEqual([]);
  });
});
