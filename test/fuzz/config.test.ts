/**
 * Property-based tests of ConfigMapMount and SecretMount: any items (keys, paths, modes), default
 * mode, volume name, reload strategy, directory and file mounts, on a Pod or a Deployment, for an
 * object defined in the app or referenced by name. Each case is rejected with a clear PatternsError
 * or synthesizes YAML a 1.27 API server accepts (see fuzz.ts).
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { anyName, anyPath, anyRelativePath, checkProperty, FUZZ_TIMEOUT, printStats, PROTOTYPE_NAMES, runCase, validLabel } from './fuzz';
import { ConfigMapMount, ProjectionMount, ReloadStrategy, SecretMount } from '../../src/config';

/** Keys of the user's own ConfigMap/Secret (cdk8s-plus code, so only keys cdk8s-plus and Kubernetes accept). */
const dataKey = fc.stringMatching(/^[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,12}$/).filter((k) => !k.startsWith('..') && !(k in Object.prototype));

/** Item keys: mostly keys of the object, sometimes missing or invalid ones. */
const itemKey = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('a.conf', 'b.conf', 'app.ini') },
  { weight: 1, arbitrary: fc.constantFrom('', 'a conf', '..a', '.', 'missing.conf', ...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const mode = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0o644, 0o400, 0o755, 0o777, 0) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0o1000, 777, 0.5, Number.NaN, 2 ** 31) },
);

interface ItemSpec { readonly key: string; readonly path: string; readonly mode?: number }
const itemSpec: fc.Arbitrary<ItemSpec> = fc.record({ key: itemKey, path: anyRelativePath, mode: fc.option(mode, { nil: undefined, freq: 3 }) },
  { requiredKeys: ['key', 'path'] });

type MountSpec =
  | { readonly kind: 'dir'; readonly container: number; readonly path: string; readonly reload?: ReloadStrategy; readonly readOnly?: boolean }
  | { readonly kind: 'file'; readonly container: number; readonly path: string; readonly file?: string; readonly reload?: ReloadStrategy };
const reload = fc.constantFrom(undefined, ReloadStrategy.NONE, ReloadStrategy.CONTENT_HASH, ReloadStrategy.RELOADER);
const mountSpec: fc.Arbitrary<MountSpec> = fc.oneof(
  fc.record({ kind: fc.constant('dir' as const), container: fc.nat(2), path: anyPath, reload, readOnly: fc.option(fc.boolean(), { nil: undefined }) },
    { requiredKeys: ['kind', 'container', 'path'] }),
  fc.record({
    kind: fc.constant('file' as const),
    container: fc.nat(2),
    path: fc.oneof(fc.constantFrom('/etc/nginx/conf.d/a.conf', '/etc/app/app.ini', '/etc/app/b.conf'), anyPath),
    file: fc.option(fc.oneof(itemKey, anyRelativePath), { nil: undefined, freq: 2 }),
    reload,
  }, { requiredKeys: ['kind', 'container', 'path'] }),
);

interface CaseSpec {
  readonly secret: boolean;
  readonly defined: boolean;
  readonly objectName: string;
  readonly data: Record<string, string>;
  readonly deployment: boolean;
  readonly items?: ItemSpec[];
  readonly defaultMode?: number;
  readonly optional?: boolean;
  readonly volumeName?: string;
  readonly mounts: MountSpec[];
  readonly secondMount: boolean;
}

/**
 * The names of the user's own objects are cdk8s-plus code, but the mount checks the name it puts
 * into the pod volume (a ConfigMap/Secret name is a DNS-1123 subdomain), so invalid ones are generated too.
 */
const caseSpec: fc.Arbitrary<CaseSpec> = fc.record({
  secret: fc.boolean(),
  defined: fc.boolean(),
  objectName: fc.oneof(
    { weight: 8, arbitrary: validLabel },
    { weight: 2, arbitrary: fc.constantFrom('nginx.conf', 'a'.repeat(63), `${'b'.repeat(70)}.x`) },
    { weight: 1, arbitrary: anyName },
  ),
  data: fc.dictionary(dataKey, fc.string({ maxLength: 20 }), { minKeys: 0, maxKeys: 3 }).map((d) => ({ 'a.conf': 'server {}', ...d })),
  deployment: fc.boolean(),
  items: fc.option(fc.array(itemSpec, { maxLength: 3 }), { nil: undefined }),
  defaultMode: fc.option(mode, { nil: undefined, freq: 3 }),
  optional: fc.option(fc.boolean(), { nil: undefined }),
  volumeName: fc.option(anyName, { nil: undefined, freq: 3 }),
  mounts: fc.array(mountSpec, { maxLength: 3 }),
  secondMount: fc.boolean(),
}, { requiredKeys: ['secret', 'defined', 'objectName', 'data', 'deployment', 'mounts', 'secondMount'] });

function build(chart: Chart, c: CaseSpec): void {
  const workload: kplus.AbstractPod = c.deployment
    ? new kplus.Deployment(chart, 'workload', { metadata: { name: 'app' } })
    : new kplus.Pod(chart, 'workload', { metadata: { name: 'app' } });
  const containers = [
    workload.addContainer({ name: 'web', image: 'nginx:1.25.3' }),
    workload.addContainer({ name: 'reloader', image: 'busybox:1.36.1', portNumber: 9090 }),
    workload.addInitContainer({ name: 'init', image: 'busybox:1.36.1' }),
  ];
  const props = { pod: workload, items: c.items, defaultMode: c.defaultMode, optional: c.optional, volumeName: c.volumeName };
  let mount: ProjectionMount;
  if (c.secret) {
    const secret = c.defined
      ? new kplus.Secret(chart, 'object', { metadata: { name: c.objectName }, stringData: c.data })
      : kplus.Secret.fromSecretName(chart, 'object', c.objectName);
    mount = new SecretMount(chart, 'mount', { ...props, secret });
  } else {
    const configMap = c.defined
      ? new kplus.ConfigMap(chart, 'object', { metadata: { name: c.objectName }, data: c.data })
      : kplus.ConfigMap.fromConfigMapName(chart, 'object', c.objectName);
    mount = new ConfigMapMount(chart, 'mount', { ...props, configMap });
  }
  for (const m of c.mounts) {
    const container = containers[m.container % containers.length];
    if (m.kind === 'dir') {
      mount.replaceDirectory(container, m.path, { reload: m.reload, readOnly: m.readOnly });
    } else {
      mount.mountFile(container, m.path, { file: m.file, reload: m.reload });
    }
  }
  if (c.secondMount) {
    // the same object mounted twice into one pod: refused with a hint when it projects the same items, else a volume of its own
    const other = c.secret
      ? new SecretMount(chart, 'again', { pod: workload, secret: kplus.Secret.fromSecretName(chart, 'same-secret', c.objectName) })
      : new ConfigMapMount(chart, 'again', { pod: workload, configMap: kplus.ConfigMap.fromConfigMapName(chart, 'same-cm', c.objectName) });
    other.replaceDirectory(containers[0], '/second');
  }
}

describe('fuzz: config constructs', () => {
  afterAll(() => printStats('config'));

  const PROJECTION = 'ConfigMapMount / SecretMount: any items, modes, volume names, mounts and reload strategies';
  test(PROJECTION, () => {
    checkProperty(__filename, PROJECTION, fc.property(caseSpec, (c) => {
      runCase((chart) => build(chart, c));
    }));
  }, FUZZ_TIMEOUT);
});

describe('fuzz regressions: config constructs', () => {
  // Counterexamples found by the property above are kept here as explicit cases.
  // Fixed: seed -1278536467. optional: true + mountFile('/a') of a ConfigMap defined in the app without key 'a' was
  // synthesized, but the kubelet mounts an empty directory at /a (validator: XREF-SUBPATH-NOFILE). The construct now
  // checks subPath files of an optional volume too: 'optional' skips missing keys, it does not create the file.
  test('an optional ConfigMap file mount of a key the ConfigMap lacks is rejected', () => {
    const outcome = runCase((chart) => build(chart, {
      secret: false,
      defined: true,
      objectName: 'a',
      data: { 'a.conf': 'server {}' },
      deployment: false,
      optional: true,
      mounts: [{ kind: 'file', container: 0, path: '/a' }],
      secondMount: false,
    }));
    expect(outcome).toEqual({
      kind: 'rejected',
      message: 'Validation failed with the following errors:\n  [test/mount] ConfigMapMount \'mount\': the file mount \'/a\' of container '
        + '\'web\' is invalid: subPath \'a\' names no file the volume creates (files: \'a.conf\'); the kubelet would mount an empty '
        + 'directory there instead; \'optional\' lets the pod start without ConfigMap \'a\' or a key, it does not make the file of a '
        + 'subPath mount optional, so add the key or mount the directory',
    });
  });

  test('an optional ConfigMap file mount of an item whose key the ConfigMap lacks is rejected', () => {
    const outcome = runCase((chart) => build(chart, {
      secret: false,
      defined: true,
      objectName: 'a',
      data: { 'a.conf': 'server {}' },
      deployment: false,
      optional: true,
      items: [{ key: 'a.conf', path: 'a.conf' }, { key: 'b.conf', path: 'b.conf' }],
      mounts: [{ kind: 'file', container: 0, path: '/etc/app/b.conf' }, { kind: 'file', container: 0, path: '/etc/app/a.conf' }],
      secondMount: false,
    }));
    expect(outcome.kind).toBe('rejected');
    expect((outcome as { message: string }).message).toContain('ConfigMapMount \'mount\': the file mount \'/etc/app/b.conf\' of container '
      + '\'web\' is invalid: subPath \'b.conf\' names no file the volume creates (files: \'a.conf\')');
  });

  test('item keys and a ConfigMap name like Object.prototype members are kept', () => {
    const outcome = runCase((chart) => build(chart, {
      secret: false,
      // (referenced by name: cdk8s-plus' own ConfigMap refuses such data keys)
      defined: false,
      objectName: 'constructor',
      data: {},
      deployment: false,
      items: [{ key: '__proto__', path: 'p' }, { key: 'constructor', path: 'c' }],
      mounts: [{ kind: 'dir', container: 0, path: '/etc/app' }],
      secondMount: false,
    }));
    expect(outcome.kind).toBe('synthesized');
    const pod = (outcome as { manifests: any[] }).manifests.find((m) => m.kind === 'Pod');
    expect(pod.spec.volumes).toEqual([{
      name: 'configmap-constructor',
      configMap: { name: 'constructor', items: [{ key: '__proto__', path: 'p' }, { key: 'constructor', path: 'c' }] },
    }]);
  });

  test('a ConfigMap name that is not a DNS-1123 subdomain is rejected by the mount', () => {
    const outcome = runCase((chart) => build(chart, {
      secret: false, defined: false, objectName: 'Nginx_Conf', data: {}, deployment: false, mounts: [], secondMount: false,
    }));
    expect(outcome).toEqual({ kind: 'rejected', message: expect.stringMatching(/^ConfigMapMount 'mount': 'configMap.name' is invalid, got 'Nginx_Conf': a lowercase RFC 1123 subdomain/) });
  });

  test('mounting the same ConfigMap twice into one pod is refused', () => {
    const outcome = runCase((chart) => build(chart, {
      secret: false, defined: true, objectName: 'nginx', data: { 'a.conf': 'x' }, deployment: false, mounts: [], secondMount: true,
    }));
    expect(outcome).toEqual({ kind: 'rejected', message: expect.stringMatching(/^ConfigMapMount 'again': ConfigMap 'nginx' is already mounted into this pod by ConfigMapMount 'test\/mount' with the same items; /) });
  });
});
