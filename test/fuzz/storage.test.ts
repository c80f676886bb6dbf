/**
 * Property-based tests of the storage constructs: VolumeClaim, DynamicStorageClass (+ claim()),
 * StaticPvWithClaim with every backend, NfsVolume and HostPathVolume (mounted and as a PV). Each case
 * is rejected with a clear PatternsError or synthesizes YAML a 1.27 API server (and its PV binder)
 * accepts (see fuzz.ts).
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { anyName, anyPath, checkProperty, FUZZ_TIMEOUT, printStats, PROTOTYPE_NAMES, runCase, validLabel } from './fuzz';
import {
  DynamicStorageClass, HostPathVolume, NfsVolume, PersistentVolumeBackend, Provisioner, StaticPvWithClaim, VolumeBindingMode, VolumeClaim,
  VolumeReclaimPolicy,
} from '../../src/storage';
import { expectError } from '../util';

type Unit = 'kibibytes' | 'mebibytes' | 'gibibytes' | 'tebibytes' | 'pebibyte';
interface SizeSpec { readonly unit: Unit; readonly amount: number }

const sizeSpec: fc.Arbitrary<SizeSpec> = fc.record({
  unit: fc.constantFrom<Unit>('kibibytes', 'mebibytes', 'gibibytes', 'tebibytes', 'pebibyte'),
  amount: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 2000 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 0.5, 1.5, 0.001, 1e-9, 1e9, 1e15, 1e20, Number.MAX_SAFE_INTEGER) },
  ),
});
/** Storage sizes go through sizeToQuantity, which renders every size exactly (no filter needed, unlike SharedDir's). */
const size = (s: SizeSpec) => Size[s.unit](s.amount);

const ACCESS_MODES = Object.values(kplus.PersistentVolumeAccessMode) as string[];
const accessModes = fc.oneof(
  { weight: 6, arbitrary: fc.subarray(ACCESS_MODES, { minLength: 1 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...ACCESS_MODES, 'rwo', 'ReadWriteMany ', ''), { maxLength: 3 }) },
) as fc.Arbitrary<kplus.PersistentVolumeAccessMode[]>;

const volumeMode = fc.constantFrom(undefined, kplus.PersistentVolumeMode.FILE_SYSTEM, kplus.PersistentVolumeMode.BLOCK);
const className = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('standard', 'fast-ssd', 'nfs-client', 'local-storage', '') },
  { weight: 1, arbitrary: anyName },
);
const mountOptions = fc.option(fc.array(fc.oneof(
  fc.constantFrom('nfsvers=4.1', 'hard', 'noatime', 'ro', 'rsize=1048576'),
  fc.constantFrom('', ' ', 'nfs vers=4', 'a\tb'),
), { maxLength: 3 }), { nil: undefined, freq: 2 });

const server = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('nfs.example.com', '192.168.1.10', '10.0.0.1', 'fd00::1', '[fd00::1]', 'nfs') },
  { weight: 1, arbitrary: fc.constantFrom('', '256.1.1.1', '1.2.3', 'NFS.Example.com', 'nfs_server', 'nfs server', '::::', 'nfs.', 'http://nfs') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** What the API server says about a name that is not a DNS-1123 subdomain. */
const SUBDOMAIN_ERROR = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must '
  + 'start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is '
  + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';

/** Metadata names, valid and not (checked with the API server's rules). */
const metaName = fc.option(anyName, { nil: undefined, freq: 2 });

type BackendSpec =
  | { readonly kind: 'hostPath'; readonly path: string; readonly type?: kplus.HostPathVolumeType }
  | { readonly kind: 'nfs'; readonly server: string; readonly path: string; readonly readOnly?: boolean; readonly mountOptions?: string[] }
  | { readonly kind: 'local'; readonly path: string; readonly nodeNames?: string[]; readonly nodeLabels?: Record<string, string>; readonly fsType?: string }
  | { readonly kind: 'csi'; readonly driver: string; readonly volumeHandle: string; readonly attributes?: Record<string, string> };

const labelKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('kubernetes.io/hostname', 'disktype', 'topology.kubernetes.io/zone', 'example.com/ssd') },
  { weight: 1, arbitrary: fc.constantFrom('', 'a b', 'Example.com/x/y', '-x', `${'k'.repeat(64)}`, '/x', 'x/', ...PROTOTYPE_NAMES) },
);
const labelValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('ssd', 'node-1', 'us-east-1a', 'true') },
  { weight: 1, arbitrary: fc.constantFrom('', 'a b', '-x', 'v'.repeat(64), 'ü') },
);

const backendSpec: fc.Arbitrary<BackendSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('hostPath' as const),
    path: anyPath,
    type: fc.option(fc.constantFrom(...Object.values(kplus.HostPathVolumeType)), { nil: undefined }),
  }, { requiredKeys: ['kind', 'path'] }),
  fc.record({ kind: fc.constant('nfs' as const), server, path: anyPath, readOnly: fc.option(fc.boolean(), { nil: undefined }), mountOptions },
    { requiredKeys: ['kind', 'server', 'path'] }),
  fc.record({
    kind: fc.constant('local' as const),
    path: anyPath,
    nodeNames: fc.option(fc.array(fc.oneof(validLabel, anyName), { maxLength: 3 }), { nil: undefined }),
    nodeLabels: fc.option(fc.dictionary(labelKey, labelValue, { maxKeys: 2 }), { nil: undefined }),
    fsType: fc.option(fc.constantFrom('ext4', 'xfs', ''), { nil: undefined }),
  }, { requiredKeys: ['kind', 'path'] }),
  fc.record({
    kind: fc.constant('csi' as const),
    driver: fc.oneof(fc.constantFrom('ebs.csi.aws.com', 'nfs.csi.k8s.io', 'Driver.Example.COM', '', 'a_b', `${'d'.repeat(64)}.io`), anyName),
    volumeHandle: fc.oneof(fc.constantFrom('vol-0123456789abcdef0', ''), fc.string({ maxLength: 12 })),
    attributes: fc.option(fc.dictionary(fc.oneof(validLabel, fc.string({ maxLength: 6 }), fc.constantFrom(...PROTOTYPE_NAMES)),
      fc.string({ maxLength: 8 }), { maxKeys: 2 }), { nil: undefined }),
  }, { requiredKeys: ['kind', 'driver', 'volumeHandle'] }),
);

/** Parameter keys, including the names Object.prototype has ('constructor', '__proto__': valid keys that must survive synth). */
const parameterKey = fc.oneof(validLabel, fc.constantFrom('', 'type', 'fsType', ...PROTOTYPE_NAMES));
/** Labels (and annotations) of the objects, with prototype names as keys. */
const metaLabels = fc.option(fc.dictionary(labelKey, labelValue, { maxKeys: 2 }), { nil: undefined, freq: 2 });

function backend(b: BackendSpec): PersistentVolumeBackend {
  switch (b.kind) {
    case 'hostPath':
      return PersistentVolumeBackend.fromHostPath(b.path, { type: b.type });
    case 'nfs':
      return PersistentVolumeBackend.fromNfs({ server: b.server, path: b.path, readOnly: b.readOnly, mountOptions: b.mountOptions });
    case 'local':
      return PersistentVolumeBackend.fromLocal({ path: b.path, nodeNames: b.nodeNames, nodeLabels: b.nodeLabels, fsType: b.fsType });
    default:
      return PersistentVolumeBackend.fromCsi({ driver: b.driver, volumeHandle: b.volumeHandle, volumeAttributes: b.attributes });
  }
}

/** A pod that mounts `storage` (so pod volume names and mounts are checked too). */
function mountInPod(chart: Chart, storage: kplus.IStorage, mountPath: string, readOnly?: boolean): void {
  const pod = new kplus.Pod(chart, `pod-${chart.node.children.length}`, { metadata: { name: `pod-${chart.node.children.length}` } });
  pod.addContainer({ name: 'app', image: 'nginx:1.25.3' }).mount(mountPath, storage, { readOnly });
}

describe('fuzz: storage constructs', () => {
  afterAll(() => printStats('storage'));

  const STATIC_PV = 'StaticPvWithClaim: any backend, sizes, access modes, classes and policies';
  test(STATIC_PV, () => {
    checkProperty(__filename, STATIC_PV, fc.property(
      backendSpec, sizeSpec, fc.option(sizeSpec, { nil: undefined }), fc.option(accessModes, { nil: undefined }),
      fc.option(accessModes, { nil: undefined, freq: 3 }), volumeMode, fc.option(className, { nil: undefined }),
      fc.constantFrom(undefined, VolumeReclaimPolicy.RETAIN, VolumeReclaimPolicy.DELETE, VolumeReclaimPolicy.RECYCLE),
      mountOptions, metaName, metaName, fc.option(validLabel, { nil: undefined }), fc.boolean(), metaLabels,
      (b, capacity, request, modes, claimModes, mode, cls, reclaim, options, pvName, claimName, namespace, mount, labels) => {
        runCase((chart) => {
          const pv = new StaticPvWithClaim(chart, 'data', {
            backend: backend(b),
            capacity: size(capacity),
            request: request ? size(request) : undefined,
            accessModes: modes,
            claimAccessModes: claimModes,
            volumeMode: mode,
            storageClassName: cls,
            reclaimPolicy: reclaim,
            mountOptions: options,
            volumeMetadata: pvName === undefined && labels === undefined ? undefined : { name: pvName, labels },
            claimMetadata: claimName === undefined ? undefined : { name: claimName, annotations: labels },
          });
          if (mount) {
            mountInPod(chart, pv, '/data');
          }
        }, { namespace });
      }));
  }, FUZZ_TIMEOUT);

  const DYNAMIC = 'DynamicStorageClass + claim(): any provisioner, parameters, topologies and claims';
  test(DYNAMIC, () => {
    checkProperty(__filename, DYNAMIC, fc.property(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(Provisioner.AWS_EBS_CSI, Provisioner.NO_PROVISIONER, Provisioner.LOCAL_PATH, Provisioner.NFS_CSI, 'example.com/my-driver') },
        { weight: 1, arbitrary: fc.constantFrom('', 'a b', 'Example.com/X', 'a/b/c', '-x', `${'p'.repeat(64)}`, 'example.com/') },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
      fc.option(fc.dictionary(parameterKey, fc.string({ maxLength: 10 }), { maxKeys: 3 }), { nil: undefined }),
      fc.constantFrom(undefined, kplus.PersistentVolumeReclaimPolicy.DELETE, kplus.PersistentVolumeReclaimPolicy.RETAIN, 'Recycle' as kplus.PersistentVolumeReclaimPolicy),
      fc.constantFrom(undefined, VolumeBindingMode.IMMEDIATE, VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER, 'Later' as VolumeBindingMode),
      fc.option(fc.boolean(), { nil: undefined }),
      mountOptions,
      fc.option(fc.array(fc.dictionary(labelKey, fc.array(labelValue, { maxLength: 2 }), { maxKeys: 2 }), { maxLength: 2 }), { nil: undefined }),
      fc.option(fc.boolean(), { nil: undefined }),
      metaName,
      metaLabels,
      fc.array(fc.tuple(sizeSpec, fc.option(accessModes, { nil: undefined }), volumeMode,
        fc.option(fc.oneof(validLabel, anyName), { nil: undefined })),
      { maxLength: 2 }),
      (provisioner, parameters, reclaim, binding, expansion, options, topologies, isDefault, name, labels, claims) => {
        runCase((chart) => {
          const sc = new DynamicStorageClass(chart, 'class', {
            provisioner,
            parameters,
            reclaimPolicy: reclaim,
            volumeBindingMode: binding,
            allowVolumeExpansion: expansion,
            mountOptions: options,
            allowedTopologies: topologies,
            isDefault,
            // `{ name: undefined }` must keep the generated name
            metadata: name === undefined && labels === undefined ? undefined : { name, labels, annotations: labels },
          });
          claims.forEach(([storage, modes, mode, podVolumeName], i) => {
            const claim = sc.claim(chart, `claim-${i}`, { storage: size(storage), accessModes: modes, volumeMode: mode, podVolumeName });
            if (i === 0) {
              mountInPod(chart, claim, '/data');
            }
          });
        });
      }));
  }, FUZZ_TIMEOUT);

  const VOLUME_CLAIM = 'VolumeClaim: any size, modes and class, alone or against a fixed class name';
  test(VOLUME_CLAIM, () => {
    checkProperty(__filename, VOLUME_CLAIM, fc.property(
      sizeSpec, fc.option(accessModes, { nil: undefined }), volumeMode, fc.option(className, { nil: undefined }),
      fc.option(anyName, { nil: undefined, freq: 3 }), metaName,
      (storage, modes, mode, cls, podVolumeName, name) => {
        runCase((chart) => {
          const claim = new VolumeClaim(chart, 'claim', {
            storage: size(storage),
            accessModes: modes,
            volumeMode: mode,
            storageClass: cls === undefined ? undefined : DynamicStorageClass.fromStorageClassName(chart, 'cls', cls),
            podVolumeName,
            metadata: { name },
          });
          mountInPod(chart, claim, '/data');
        });
      }));
  }, FUZZ_TIMEOUT);

  const NFS_HOSTPATH = 'NfsVolume and HostPathVolume: any server, path, name; mounted, and as a PV';
  test(NFS_HOSTPATH, () => {
    checkProperty(__filename, NFS_HOSTPATH, fc.property(
      server, anyPath, fc.option(anyName, { nil: undefined, freq: 3 }), fc.option(fc.boolean(), { nil: undefined }),
      anyPath, fc.option(fc.constantFrom(...Object.values(kplus.HostPathVolumeType), 'Socketish' as kplus.HostPathVolumeType), { nil: undefined }),
      fc.option(anyName, { nil: undefined, freq: 3 }), fc.boolean(), sizeSpec,
      (nfsServer, nfsPath, nfsName, readOnly, hostPath, hostType, hostName, asPv, capacity) => {
        runCase((chart) => {
          const nfs = new NfsVolume(chart, 'nfs', { server: nfsServer, path: nfsPath, name: nfsName, readOnly });
          const host = new HostPathVolume(chart, 'host', { path: hostPath, type: hostType, name: hostName });
          const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'pod' } });
          const app = pod.addContainer({ name: 'app', image: 'nginx:1.25.3' });
          // (the mount itself is cdk8s-plus code: fixed, valid paths)
          app.mount('/data', nfs, { readOnly });
          app.mount('/host', host, { readOnly });
          if (asPv) {
            nfs.toPersistentVolume(chart, 'pv', { capacity: size(capacity) });
          }
        });
      }));
  }, FUZZ_TIMEOUT);
});

describe('fuzz regressions: storage constructs', () => {
  // Counterexamples found by the properties above are kept here as explicit cases.

  // Fixed: seed 1705868694 (DynamicStorageClass). parameters { constructor: '' } failed in cdk8s' resolver ("can't render
  // non-simple object"); keys named like Object.prototype members are valid Kubernetes keys and are written as given.
  test('StorageClass parameters and labels named "constructor" or "__proto__" are synthesized as given', () => {
    const parameters: Record<string, string> = Object.fromEntries([['constructor', ''], ['__proto__', 'p'], ['toString', 't'], ['type', 'gp3']]);
    const outcome = runCase((chart) => {
      new DynamicStorageClass(chart, 'class', {
        provisioner: Provisioner.AWS_EBS_CSI, parameters, metadata: { labels: { constructor: 'x' }, annotations: { constructor: 'y' } },
      });
    });
    expect(outcome.kind).toBe('synthesized');
    const [sc] = (outcome as { manifests: any[] }).manifests;
    expect(Object.entries(sc.parameters)).toEqual([['__proto__', 'p'], ['constructor', ''], ['toString', 't'], ['type', 'gp3']]);
    expect(Object.entries(sc.metadata.labels)).toEqual([['constructor', 'x']]);
    expect(Object.entries(sc.metadata.annotations)).toEqual([['constructor', 'y']]);
  });

  // Fixed: NfsVolume and HostPathVolume with the same name 'a' in one pod escaped as cdk8s-plus' "Invalid mount
  // configuration. At least two different volumes have the same name: a" at synth.
  test('two storages with the same pod volume name are rejected with our error', () => {
    const outcome = runCase((chart) => {
      const nfs = new NfsVolume(chart, 'nfs', { server: 'nfs.example.com', path: '/exports', name: 'a' });
      const host = new HostPathVolume(chart, 'host', { path: '/srv/data', name: 'a' });
      const app = new kplus.Pod(chart, 'pod', { metadata: { name: 'pod' } }).addContainer({ name: 'app', image: 'nginx:1.25.3' });
      app.mount('/data', nfs);
      app.mount('/host', host);
      app.mount('/data2', nfs);
    });
    expect(outcome).toEqual({
      kind: 'rejected',
      message: 'Validation failed with the following errors:\n  [test/host] HostPathVolume \'host\': pod volume name \'a\' is also the name of '
        + 'NfsVolume \'nfs\' in Pod \'pod\'; one pod cannot have two different volumes with the same name, so pass another '
        + '\'name\' here or another \'name\' to NfsVolume \'nfs\'',
    });
  });

  // Fixed (same as in pods.test.ts): metadata names were passed through unchecked.
  test.each([
    ['VolumeClaim', (chart: Chart) => new VolumeClaim(chart, 'c', { storage: Size.gibibytes(1), metadata: { name: '' } }),
      'VolumeClaim \'c\': \'metadata.name\' is invalid, got \'\': REPLACE'],
    ['DynamicStorageClass', (chart: Chart) => new DynamicStorageClass(chart, 'c', { provisioner: Provisioner.AWS_EBS_CSI, metadata: { name: 'Fast_SSD' } }),
      'DynamicStorageClass \'c\': \'metadata.name\' is invalid, got \'Fast_SSD\': REPLACE'],
    ['StaticPvWithClaim', (chart: Chart) => new StaticPvWithClaim(chart, 'p', {
      backend: PersistentVolumeBackend.fromNfs({ server: 'nfs.example.com', path: '/x' }), capacity: Size.gibibytes(1), claimMetadata: { name: '' },
    }), 'StaticPvWithClaim \'p\': \'claimMetadata.name\' is invalid, got \'\': REPLACE'],
  ])('%s rejects an invalid metadata.name', (_type, build, message) => {
    expectError(() => build(Testing.chart()), message.replace('REPLACE', SUBDOMAIN_ERROR));
  });

  test.each([
    ['VolumeClaim', (chart: Chart) => new VolumeClaim(chart, 'c', { storage: Size.gibibytes(1), metadata: { name: undefined } })],
    ['DynamicStorageClass', (chart: Chart) => new DynamicStorageClass(chart, 'c', { provisioner: Provisioner.AWS_EBS_CSI, metadata: { name: undefined } })],
    ['StaticPvWithClaim', (chart: Chart) => new StaticPvWithClaim(chart, 'c', {
      backend: PersistentVolumeBackend.fromNfs({ server: 'nfs.example.com', path: '/x' }),
      capacity: Size.gibibytes(1),
      volumeMetadata: { name: undefined },
      claimMetadata: { name: undefined },
    })],
  ])('%s keeps the generated name for metadata { name: undefined }', (_type, build) => {
    const outcome = runCase(build);
    expect(outcome.kind).toBe('synthesized');
    for (const m of (outcome as { manifests: any[] }).manifests) {
      expect(m.metadata.name).toMatch(/^test-c-/);
    }
  });

  test('a huge StaticPvWithClaim capacity is rejected or written as a valid quantity', () => {
    const outcome = runCase((chart) => {
      new StaticPvWithClaim(chart, 'data', { backend: PersistentVolumeBackend.fromNfs({ server: 'nfs.example.com', path: '/x' }), capacity: Size.pebibyte(1e15) });
    });
    expect(['rejected', 'synthesized']).toContain(outcome.kind);
  });
});
