import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { bindingMismatches } from '../../src/private/binding';
import { warningsOf } from '../../src/private/warnings';
import {
  DynamicStorageClass, PersistentVolumeBackend, Provisioner, StaticPvWithClaim, VolumeReclaimPolicy,
} from '../../src/storage';
import { expectError } from '../util';

const { READ_WRITE_ONCE, READ_ONLY_MANY, READ_WRITE_MANY, READ_WRITE_ONCE_POD } = kplus.PersistentVolumeAccessMode;

function hostPath(): PersistentVolumeBackend {
  return PersistentVolumeBackend.fromHostPath('/data/static-pv');
}

function byKind(manifest: any[], kind: string): any[] {
  return manifest.filter((r) => r.kind === kind);
}

function synthPair(chart: Chart): { pv: any; pvc: any; manifest: any[] } {
  const manifest = Testing.synth(chart);
  return { pv: byKind(manifest, 'PersistentVolume')[0], pvc: byKind(manifest, 'PersistentVolumeClaim')[0], manifest };
}

describe('StaticPvWithClaim', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const storage = new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(10) });
    // THEN
    const { pv, pvc, manifest } = synthPair(chart);
    expect(manifest.map((r) => r.kind)).toEqual(['PersistentVolume', 'PersistentVolumeClaim']);
    expect(storage.reclaimPolicy).toBe(VolumeReclaimPolicy.RETAIN);
    expect(storage.storageClassName).toBe('');
    expect(storage.accessModes).toEqual([READ_WRITE_ONCE]);
    expect(storage.volumeMode).toBe(kplus.PersistentVolumeMode.FILE_SYSTEM);
    expect(storage.capacity).toBe('10Gi');
    expect(storage.claimNamespace).toBe('default');
    expect(pv.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '10Gi' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: 'default' },
      hostPath: { path: '/data/static-pv', type: '' },
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: '',
      volumeMode: 'Filesystem',
    });
    expect(pvc.metadata.namespace).toBe('default');
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: pv.metadata.name,
    });
    expect(pv.metadata.namespace).toBeUndefined();
    expect(manifest).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const storage = new StaticPvWithClaim(chart, 'data', {
      backend: PersistentVolumeBackend.fromNfs({ server: 'nfs.example.com', path: '/exports/web', mountOptions: ['nfsvers=4.1'] }),
      capacity: Size.gibibytes(20),
      request: Size.mebibytes(1536),
      accessModes: [READ_WRITE_MANY, READ_ONLY_MANY],
      claimAccessModes: [READ_ONLY_MANY],
      volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM,
      reclaimPolicy: VolumeReclaimPolicy.DELETE,
      mountOptions: ['hard'],
      storageClassName: 'nfs',
      volumeMetadata: { name: 'web-pv', labels: { tier: 'web' } },
      claimMetadata: { name: 'web-pvc', namespace: 'shop', annotations: { team: 'a' } },
      podVolumeName: 'web-data',
    });
    // THEN
    const { pv, pvc, manifest } = synthPair(chart);
    expect(pv.metadata).toEqual({ name: 'web-pv', labels: { tier: 'web' } });
    expect(pv.spec).toEqual({
      accessModes: ['ReadWriteMany', 'ReadOnlyMany'],
      capacity: { storage: '20Gi' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'web-pvc', namespace: 'shop' },
      mountOptions: ['nfsvers=4.1', 'hard'],
      nfs: { server: 'nfs.example.com', path: '/exports/web' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'nfs',
      volumeMode: 'Filesystem',
    });
    expect(pvc.metadata).toEqual({ name: 'web-pvc', namespace: 'shop', annotations: { team: 'a' } });
    expect(pvc.spec).toEqual({
      accessModes: ['ReadOnlyMany'],
      resources: { requests: { storage: '1536Mi' } },
      storageClassName: 'nfs',
      volumeMode: 'Filesystem',
      volumeName: 'web-pv',
    });
    expect(storage.name).toBe('web-pv');
    expect(storage.claim.name).toBe('web-pvc');
    expect(storage.claim.podVolumeName).toBe('web-data');
    expect(bindingMismatches(pv, pvc)).toEqual([]);
    expect(manifest).toMatchSnapshot();
  });

  test('bound in both directions, and the binder would bind them', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const storage = new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1) });
    // THEN
    const { pv, pvc } = synthPair(chart);
    expect(pv.spec.claimRef.name).toBe(pvc.metadata.name);
    expect(pv.spec.claimRef.namespace).toBe(pvc.metadata.namespace);
    expect(pvc.spec.volumeName).toBe(pv.metadata.name);
    expect(storage.claim.volume).toBe(storage);
    expect(bindingMismatches(pv, pvc)).toEqual([]);
  });

  test('the claim lands in the chart namespace and the PV has none', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    // WHEN
    new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1) });
    // THEN
    const { pv, pvc } = synthPair(chart);
    expect(pvc.metadata.namespace).toBe('shop');
    expect(pv.spec.claimRef.namespace).toBe('shop');
    expect(pv.metadata.namespace).toBeUndefined();
  });

  test('sub-GiB sizes work', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.mebibytes(500), request: Size.mebibytes(200) });
    // THEN
    const { pv, pvc } = synthPair(chart);
    expect(pv.spec.capacity.storage).toBe('500Mi');
    expect(pvc.spec.resources.requests.storage).toBe('200Mi');
  });

  test('request defaults to capacity', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.kibibytes(1536) });
    // THEN
    const { pv, pvc } = synthPair(chart);
    expect(pv.spec.capacity.storage).toBe('1536Ki');
    expect(pvc.spec.resources.requests.storage).toBe('1536Ki');
  });

  test('a named storage class is set on both sides', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), storageClassName: 'standard' });
    // THEN
    const { pv, pvc } = synthPair(chart);
    expect(pv.spec.storageClassName).toBe('standard');
    expect(pvc.spec.storageClassName).toBe('standard');
  });

  test('a DynamicStorageClass is linked by reference on both sides', () => {
    // GIVEN
    const chart = Testing.chart();
    const local = new DynamicStorageClass(chart, 'local', { provisioner: Provisioner.NO_PROVISIONER, metadata: { name: 'local-disks' } });
    // WHEN
    const storage = new StaticPvWithClaim(chart, 'data', {
      backend: PersistentVolumeBackend.fromLocal({ path: '/mnt/disks/ssd1', nodeNames: ['node-1'] }),
      capacity: Size.gibibytes(100),
      storageClass: local,
    });
    // THEN
    const { pv, pvc } = synthPair(chart);
    expect(pv.spec.storageClassName).toBe('local-disks');
    expect(pvc.spec.storageClassName).toBe('local-disks');
    expect(storage.claim.storageClass).toBe(local);
  });

  test('storageClass and storageClassName may agree', () => {
    // GIVEN
    const chart = Testing.chart();
    const cls = DynamicStorageClass.fromStorageClassName(chart, 'std', 'standard');
    // WHEN
    const storage = new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), storageClass: cls, storageClassName: 'standard' });
    // THEN
    expect(storage.storageClassName).toBe('standard');
  });

  test('throws if storageClass and storageClassName differ', () => {
    // GIVEN
    const chart = Testing.chart();
    const cls = DynamicStorageClass.fromStorageClassName(chart, 'fast', 'fast');
    // WHEN / THEN
    expectError(() => new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), storageClass: cls, storageClassName: 'slow' }),
      'StaticPvWithClaim \'data\': \'storageClass\' (\'fast\') and \'storageClassName\' (\'slow\') name different classes; give only one of them');
  });

  test('throws for an invalid storage class name', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), storageClassName: 'Fast_SSD' }),
      'StaticPvWithClaim \'data\': \'storageClassName\' is invalid, got \'Fast_SSD\': a lowercase RFC 1123 subdomain must consist of lower case '
      + 'alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for '
      + 'validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
  });

  describe('consistency (PV binder rules)', () => {
    test('throws if the request exceeds the capacity', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: hostPath(),
        capacity: Size.gibibytes(1),
        request: Size.gibibytes(2),
        volumeMetadata: { name: 'static-pv' },
        claimMetadata: { name: 'static-pvc' },
      }), 'StaticPvWithClaim \'data\': \'request\' conflicts with the volume: PersistentVolumeClaim \'static-pvc\' requests 2Gi of storage '
        + 'but PersistentVolume \'static-pv\' has a capacity of 1Gi, so the claim never binds to it; request at most 1Gi or raise the volume\'s capacity');
    });

    test('a request one KiB over a sub-GiB capacity is caught (exact comparison)', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expect(() => new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.mebibytes(500), request: Size.kibibytes(512001) }))
        .toThrow(/requests 512001Ki of storage but PersistentVolume '.*' has a capacity of 500Mi/);
    });

    test('throws if the claim asks for an access mode the volume does not offer', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: hostPath(),
        capacity: Size.gibibytes(1),
        claimAccessModes: [READ_WRITE_MANY],
        volumeMetadata: { name: 'static-pv' },
        claimMetadata: { name: 'static-pvc' },
      }), 'StaticPvWithClaim \'data\': \'claimAccessModes\' conflicts with the volume: PersistentVolumeClaim \'static-pvc\' asks for access mode '
        + 'ReadWriteMany, which PersistentVolume \'static-pv\' does not offer (it offers ReadWriteOnce), so the claim never binds to it; '
        + 'request only access modes the volume offers');
    });

    test('reports every mismatch at once', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: hostPath(),
        capacity: Size.gibibytes(1),
        request: Size.gibibytes(2),
        claimAccessModes: [READ_WRITE_MANY],
        volumeMetadata: { name: 'static-pv' },
        claimMetadata: { name: 'static-pvc' },
      }), 'StaticPvWithClaim \'data\': \'request\' conflicts with the volume: PersistentVolumeClaim \'static-pvc\' requests 2Gi of storage '
        + 'but PersistentVolume \'static-pv\' has a capacity of 1Gi, so the claim never binds to it; request at most 1Gi or raise the volume\'s capacity; '
        + '\'claimAccessModes\' conflicts with the volume: PersistentVolumeClaim \'static-pvc\' asks for access mode '
        + 'ReadWriteMany, which PersistentVolume \'static-pv\' does not offer (it offers ReadWriteOnce), so the claim never binds to it; '
        + 'request only access modes the volume offers');
    });

    test('a subset of the volume\'s access modes is fine', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), accessModes: [READ_WRITE_ONCE, READ_ONLY_MANY], claimAccessModes: [READ_ONLY_MANY] });
      // THEN
      const { pvc } = synthPair(chart);
      expect(pvc.spec.accessModes).toEqual(['ReadOnlyMany']);
    });
  });

  describe('access modes', () => {
    test('ReadWriteOncePod alone is fine', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), accessModes: [READ_WRITE_ONCE_POD] });
      // THEN
      const { pv, pvc } = synthPair(chart);
      expect(pv.spec.accessModes).toEqual(['ReadWriteOncePod']);
      expect(pvc.spec.accessModes).toEqual(['ReadWriteOncePod']);
    });

    test('throws if ReadWriteOncePod is combined with another mode', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), accessModes: [READ_WRITE_ONCE_POD, READ_WRITE_ONCE] }),
        'StaticPvWithClaim \'data\': \'accessModes\' may not combine ReadWriteOncePod with other access modes, got ReadWriteOncePod, ReadWriteOnce; '
        + 'use ReadWriteOncePod alone');
    });

    test('throws if there is no access mode', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), claimAccessModes: [] }),
        'StaticPvWithClaim \'data\': \'claimAccessModes\' must contain at least one access mode, e.g. ReadWriteOnce');
    });

    test('throws for an unknown access mode', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: hostPath(), capacity: Size.gibibytes(1), accessModes: ['ReadWrite' as kplus.PersistentVolumeAccessMode],
      }), 'StaticPvWithClaim \'data\': \'accessModes\' has unsupported access mode \'ReadWrite\'; supported: ReadWriteOnce, ReadOnlyMany, '
        + 'ReadWriteMany, ReadWriteOncePod');
    });

    test('duplicates are removed', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), accessModes: [READ_WRITE_ONCE, READ_WRITE_ONCE] });
      // THEN
      expect(synthPair(chart).pv.spec.accessModes).toEqual(['ReadWriteOnce']);
    });
  });

  test('block volume mode is set on both sides', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new StaticPvWithClaim(chart, 'data', {
      backend: PersistentVolumeBackend.fromCsi({ driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0abc' }),
      capacity: Size.gibibytes(1),
      volumeMode: kplus.PersistentVolumeMode.BLOCK,
    });
    // THEN
    const { pv, pvc } = synthPair(chart);
    expect(pv.spec.volumeMode).toBe('Block');
    expect(pvc.spec.volumeMode).toBe('Block');
  });

  test('throws for a capacity of zero', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.kibibytes(0) }),
      'StaticPvWithClaim \'data\': \'capacity\' must be greater than zero, got 0Ki');
  });

  test('throws for a request of zero', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), request: Size.kibibytes(0) }),
      'StaticPvWithClaim \'data\': \'request\' must be greater than zero, got 0Ki');
  });

  describe('reclaim policies', () => {
    test.each([
      [VolumeReclaimPolicy.RETAIN, 'Retain'],
      [VolumeReclaimPolicy.DELETE, 'Delete'],
    ])('%s', (policy, rendered) => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), reclaimPolicy: policy });
      // THEN
      expect(synthPair(chart).pv.spec.persistentVolumeReclaimPolicy).toBe(rendered);
      expect(warningsOf(chart)).toEqual([]);
    });

    test.each([
      ['hostPath', PersistentVolumeBackend.fromHostPath('/data/x')],
      ['nfs', PersistentVolumeBackend.fromNfs({ server: '10.0.0.5', path: '/exports' })],
    ])('Recycle is accepted for %s, with a deprecation warning', (_name, backend) => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      new StaticPvWithClaim(chart, 'data', { backend, capacity: Size.gibibytes(1), reclaimPolicy: VolumeReclaimPolicy.RECYCLE });
      // THEN
      expect(synthPair(chart).pv.spec.persistentVolumeReclaimPolicy).toBe('Recycle');
      expect(warningsOf(chart)).toEqual([
        'StaticPvWithClaim \'data\': reclaim policy Recycle is deprecated (it runs \'rm -rf\' on the volume when the claim is deleted); '
        + 'use Retain and clean up by hand, or a StorageClass with dynamic provisioning',
      ]);
    });

    test('throws for Recycle on a CSI volume', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromCsi({ driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' }),
        capacity: Size.gibibytes(1),
        reclaimPolicy: VolumeReclaimPolicy.RECYCLE,
      }), 'StaticPvWithClaim \'data\': \'reclaimPolicy\' Recycle is only supported by nfs and hostPath volumes, got a csi volume: '
        + 'the volume would go Failed when its claim is released; use Retain or Delete');
    });

    test('throws for Recycle on a local volume', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromLocal({ path: '/mnt/disk', nodeNames: ['n1'] }),
        capacity: Size.gibibytes(1),
        reclaimPolicy: VolumeReclaimPolicy.RECYCLE,
      }), 'StaticPvWithClaim \'data\': \'reclaimPolicy\' Recycle is only supported by nfs and hostPath volumes, got a local volume: '
        + 'the volume would go Failed when its claim is released; use Retain or Delete');
    });

    test.each(['/', '//', '/./'])('throws for Recycle on hostPath %p', (p) => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromHostPath(p), capacity: Size.gibibytes(1), reclaimPolicy: VolumeReclaimPolicy.RECYCLE,
      }), 'StaticPvWithClaim \'data\': \'reclaimPolicy\' Recycle may not be used for a hostPath volume of \'/\': '
        + 'recycling would delete the node\'s whole filesystem; use Retain');
    });

    test('throws for an unknown reclaim policy', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: hostPath(), capacity: Size.gibibytes(1), reclaimPolicy: 'Keep' as VolumeReclaimPolicy,
      }), 'StaticPvWithClaim \'data\': \'reclaimPolicy\' must be Retain, Delete or Recycle, got \'Keep\'');
    });
  });

  describe('backends', () => {
    test('hostPath with a type', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      const storage = new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromHostPath('/data/x', { type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }),
        capacity: Size.gibibytes(1),
      });
      // THEN
      expect(storage.backend.sourceType).toBe('hostPath');
      expect(synthPair(chart).pv.spec.hostPath).toEqual({ path: '/data/x', type: 'DirectoryOrCreate' });
    });

    test('hostPath: throws for a relative path or one with ..', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', { backend: PersistentVolumeBackend.fromHostPath('data/../x'), capacity: Size.gibibytes(1) }),
        'StaticPvWithClaim \'data\': \'backend.path\' is invalid, got \'data/../x\': must be an absolute path; must not contain \'..\'');
      expectError(() => new StaticPvWithClaim(chart, 'empty', { backend: PersistentVolumeBackend.fromHostPath(''), capacity: Size.gibibytes(1) }),
        'StaticPvWithClaim \'empty\': \'backend.path\' is invalid, got \'\': must not be empty');
    });

    test('hostPath: a sensitive path is a warning', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      new StaticPvWithClaim(chart, 'data', { backend: PersistentVolumeBackend.fromHostPath('/var/lib/kubelet'), capacity: Size.gibibytes(1) });
      // THEN
      expect(warningsOf(chart)).toEqual([
        'StaticPvWithClaim \'data\': hostPath \'/var/lib/kubelet\' is sensitive: \'/var/lib/kubelet\' is the kubelet\'s state, including the '
        + 'volumes and credentials of every pod on the node; mount a dedicated data directory instead',
      ]);
    });

    test('nfs', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      const storage = new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromNfs({ server: '192.168.142.139', path: '/data/nfs', readOnly: true, mountOptions: ['nfsvers=4.1', 'nfsvers=4.1'] }),
        capacity: Size.gibibytes(5),
        accessModes: [READ_ONLY_MANY],
      });
      // THEN
      const { pv } = synthPair(chart);
      expect(storage.backend.sourceType).toBe('nfs');
      expect(pv.spec.nfs).toEqual({ server: '192.168.142.139', path: '/data/nfs', readOnly: true });
      expect(pv.spec.mountOptions).toEqual(['nfsvers=4.1']);
    });

    test.each(['nfs.example.com', 'NFS01', '10.0.0.1', 'fd00::1', '[fd00::1]', '::ffff:10.0.0.1', '::', '1:2:3:4:5:6:7:8', '2001:db8::'])('nfs server %p is accepted', (server) => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expect(() => new StaticPvWithClaim(chart, 'data', { backend: PersistentVolumeBackend.fromNfs({ server, path: '/x' }), capacity: Size.gibibytes(1) }))
        .not.toThrow();
    });

    test('nfs: throws for a bad server', () => {
      // GIVEN
      const chart = Testing.chart();
      const pv = (id: string, server: string) => () => new StaticPvWithClaim(chart, id, {
        backend: PersistentVolumeBackend.fromNfs({ server, path: '/x' }), capacity: Size.gibibytes(1),
      });
      // WHEN / THEN
      expectError(pv('a', 'nfs server'), 'StaticPvWithClaim \'a\': \'backend.server\' is invalid, got \'nfs server\': must be a hostname '
        + '(a lowercase RFC 1123 subdomain such as \'nfs.example.com\') or an IP address (such as \'192.168.1.10\')');
      expectError(pv('b', '300.1.1.1'), 'StaticPvWithClaim \'b\': \'backend.server\' is invalid, got \'300.1.1.1\': is not a valid IPv4 address');
      expectError(pv('c', ''), 'StaticPvWithClaim \'c\': \'backend.server\' is invalid, got \'\': must not be empty');
      expect(pv('e', '1:2:3:4:5:6:7:8:9')).toThrow(/is invalid, got '1:2:3:4:5:6:7:8:9': must be a hostname/);
      expect(pv('f', ':1::2')).toThrow(/is invalid, got ':1::2': must be a hostname/);
      expectError(pv('d', 'fd00:::1'), 'StaticPvWithClaim \'d\': \'backend.server\' is invalid, got \'fd00:::1\': must be a hostname '
        + '(a lowercase RFC 1123 subdomain such as \'nfs.example.com\') or an IP address (such as \'192.168.1.10\')');
    });

    test('nfs: throws for a relative path', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromNfs({ server: 'nfs.local', path: 'exports/x' }), capacity: Size.gibibytes(1),
      }), 'StaticPvWithClaim \'data\': \'backend.path\' is invalid, got \'exports/x\': must be an absolute path; give the export\'s absolute path '
        + 'on the server, e.g. \'/data/nfs\'');
    });

    test('nfs: throws for a mount option with a space', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromNfs({ server: 'nfs.local', path: '/x', mountOptions: ['nfsvers=4.1,hard', 'ro bg'] }), capacity: Size.gibibytes(1),
      }), 'StaticPvWithClaim \'data\': \'backend.mountOptions\' must contain non-empty options without spaces (one option per entry, '
        + 'such as \'nfsvers=4.1\'), got \'ro bg\'');
      expectError(() => new StaticPvWithClaim(chart, 'other', { backend: hostPath(), capacity: Size.gibibytes(1), mountOptions: [''] }),
        'StaticPvWithClaim \'other\': \'mountOptions\' must contain non-empty options without spaces (one option per entry, '
        + 'such as \'nfsvers=4.1\'), got \'\'');
    });

    test('local with node names and labels', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      const storage = new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromLocal({
          path: '/mnt/disks/ssd1', nodeNames: ['node-b', 'node-a'], nodeLabels: { 'disk': 'ssd', 'topology.kubernetes.io/zone': 'a' }, fsType: 'ext4',
        }),
        capacity: Size.gibibytes(100),
      });
      // THEN
      const { pv } = synthPair(chart);
      expect(storage.backend.sourceType).toBe('local');
      expect(pv.spec.local).toEqual({ path: '/mnt/disks/ssd1', fsType: 'ext4' });
      expect(pv.spec.nodeAffinity).toEqual({
        required: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-a', 'node-b'] },
              { key: 'disk', operator: 'In', values: ['ssd'] },
              { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] },
            ],
          }],
        },
      });
    });

    test('local: throws without node affinity', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new StaticPvWithClaim(chart, 'data', { backend: PersistentVolumeBackend.fromLocal({ path: '/mnt/disk' }), capacity: Size.gibibytes(1) }),
        'StaticPvWithClaim \'data\': \'backend\' is a local volume, which requires node affinity: give nodeNames or nodeLabels '
        + '(the nodes that have the path) to PersistentVolumeBackend.fromLocal()');
    });

    test('local: throws for bad paths, node names and labels', () => {
      // GIVEN
      const chart = Testing.chart();
      const pv = (id: string, options: any) => () => new StaticPvWithClaim(chart, id, {
        backend: PersistentVolumeBackend.fromLocal(options),
        capacity: Size.gibibytes(1),
      });
      // WHEN / THEN
      expectError(pv('a', { path: 'mnt/disk', nodeNames: ['n'] }), 'StaticPvWithClaim \'a\': \'backend.path\' is invalid, got \'mnt/disk\': must be an absolute path');
      expectError(pv('b', { path: '/mnt', nodeNames: ['Node_1'] }), 'StaticPvWithClaim \'b\': \'backend.nodeNames\' has an invalid node name, got \'Node_1\': '
        + 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an '
        + 'alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
      expect(pv('c', { path: '/mnt', nodeLabels: { disk: 'fast ssd' } })).toThrow(
        /^StaticPvWithClaim 'c': 'backend.nodeLabels' has an invalid label disk=fast ssd: a valid label must be an empty string or consist of/);
    });

    test('csi', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      const storage = new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromCsi({
          driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0abc', fsType: 'xfs', readOnly: true, volumeAttributes: { zeta: '1', alpha: '2' },
        }),
        capacity: Size.gibibytes(8),
        reclaimPolicy: VolumeReclaimPolicy.DELETE,
      });
      // THEN
      const { pv } = synthPair(chart);
      expect(storage.backend.sourceType).toBe('csi');
      expect(pv.spec.csi).toEqual({ driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0abc', fsType: 'xfs', readOnly: true, volumeAttributes: { alpha: '2', zeta: '1' } });
      expect(Object.keys(pv.spec.csi.volumeAttributes)).toEqual(['alpha', 'zeta']);
    });

    test('csi: throws for a bad driver or an empty handle', () => {
      // GIVEN
      const chart = Testing.chart();
      const pv = (id: string, driver: string, volumeHandle: string) => () => new StaticPvWithClaim(chart, id, {
        backend: PersistentVolumeBackend.fromCsi({ driver, volumeHandle }), capacity: Size.gibibytes(1),
      });
      // WHEN / THEN
      expectError(pv('a', '', 'v'), 'StaticPvWithClaim \'a\': \'backend.driver\' is invalid, got \'\': must not be empty');
      expect(pv('b', `${'a'.repeat(64)}.io`, 'v')).toThrow(/^StaticPvWithClaim 'b': 'backend.driver' is invalid, got 'a+\.io': must be no more than 63 characters$/);
      expect(pv('c', 'EBS.CSI.AWS.COM', 'v')).not.toThrow();
      expectError(pv('d', 'ebs.csi.aws.com', ''), 'StaticPvWithClaim \'d\': \'backend.volumeHandle\' must not be empty: give the driver\'s id of the existing volume');
    });
  });

  describe('mounting', () => {
    test('can be mounted into a container, as the claim', () => {
      // GIVEN
      const chart = Testing.chart();
      const storage = new StaticPvWithClaim(chart, 'data', {
        backend: hostPath(), capacity: Size.gibibytes(1), claimMetadata: { name: 'static-pvc' }, podVolumeName: 'static-storage',
      });
      const pod = new kplus.Pod(chart, 'pod');
      // WHEN
      pod.addContainer({ image: 'nginx:1.27' }).mount('/usr/share/nginx/html', storage);
      // THEN
      const [podManifest] = byKind(Testing.synth(chart), 'Pod');
      expect(podManifest.spec.volumes).toEqual([{ name: 'static-storage', persistentVolumeClaim: { claimName: 'static-pvc', readOnly: false } }]);
      expect(podManifest.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/usr/share/nginx/html', name: 'static-storage' }]);
    });

    test('mounting twice (paths, subPaths, containers, pods) reuses one pod volume', () => {
      // GIVEN
      const chart = Testing.chart();
      const storage = new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), claimMetadata: { name: 'static-pvc' } });
      const pod = new kplus.Pod(chart, 'pod');
      const other = new kplus.Pod(chart, 'other');
      // WHEN
      const web = pod.addContainer({ name: 'web', image: 'nginx:1.27' });
      web.mount('/a', storage);
      web.mount('/b', storage, { subPath: 'b' });
      pod.addContainer({ name: 'sidecar', image: 'busybox:1.36' }).mount('/c', storage.claim, { readOnly: true });
      other.addContainer({ image: 'nginx:1.27' }).mount('/d', storage);
      // THEN
      const [p1, p2] = byKind(Testing.synth(chart), 'Pod');
      expect(p1.spec.volumes).toEqual([{ name: 'pvc-static-pvc', persistentVolumeClaim: { claimName: 'static-pvc', readOnly: false } }]);
      expect(p1.spec.containers.map((c: any) => c.volumeMounts.map((m: any) => m.name))).toEqual([['pvc-static-pvc', 'pvc-static-pvc'], ['pvc-static-pvc']]);
      expect(p1.spec.containers[0].volumeMounts[1].subPath).toBe('b');
      expect(p2.spec.volumes).toHaveLength(1);
      expect(storage.asVolume()).toBe(storage.claim.asVolume());
    });

    test('the claim works with kplus.Volume.fromPersistentVolumeClaim', () => {
      // GIVEN
      const chart = Testing.chart();
      const storage = new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1), claimMetadata: { name: 'static-pvc' } });
      // WHEN
      const vol = kplus.Volume.fromPersistentVolumeClaim(chart, 'vol', storage.claim, { name: 'mine' });
      // THEN
      expect(vol.name).toBe('mine');
      expect(vol._toKube()).toEqual({ name: 'mine', persistentVolumeClaim: { claimName: 'static-pvc', readOnly: false } });
    });
  });

  test('escape hatch: the PV is the default child at id Resource', () => {
    // GIVEN
    const chart = Testing.chart();
    const storage = new StaticPvWithClaim(chart, 'data', { backend: hostPath(), capacity: Size.gibibytes(1) });
    // WHEN
    ApiObject.of(storage).addJsonPatch(JsonPatch.add('/metadata/annotations', { a: 'b' }));
    // THEN
    expect(storage.node.defaultChild).toBe(storage.volume);
    expect(synthPair(chart).pv.metadata.annotations).toEqual({ a: 'b' });
  });

  test('derived names stay valid for long ids', () => {
    // GIVEN
    const chart = new Chart(new App(), 'a'.repeat(40));
    // WHEN
    const storage = new StaticPvWithClaim(chart, 'b'.repeat(60), { backend: hostPath(), capacity: Size.gibibytes(1) });
    // THEN
    expect(storage.claim.podVolumeName.length).toBeLessThanOrEqual(63);
    const { pv, pvc } = synthPair(chart);
    expect(pv.metadata.name.length).toBeLessThanOrEqual(63);
    expect(pvc.metadata.name.length).toBeLessThanOrEqual(63);
    expect(bindingMismatches(pv, pvc)).toEqual([]);
  });

  describe('metadata', () => {
    test('throws for an invalid volume name', () => {
      expectError(() => new StaticPvWithClaim(Testing.chart(), 'data', { backend: hostPath(), capacity: Size.gibibytes(1), volumeMetadata: { name: 'PV_1' } }),
        'StaticPvWithClaim \'data\': \'volumeMetadata.name\' is invalid, got \'PV_1\': ' + 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end '
        + 'with an alphanumeric character (e.g. \'example.com\', regex used for validation is '
        + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
    });

    test('throws for an invalid claim name, naming claimMetadata', () => {
      expectError(() => new StaticPvWithClaim(Testing.chart(), 'data', { backend: hostPath(), capacity: Size.gibibytes(1), claimMetadata: { name: '' } }),
        'StaticPvWithClaim \'data\': \'claimMetadata.name\' is invalid, got \'\': ' + 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end '
        + 'with an alphanumeric character (e.g. \'example.com\', regex used for validation is '
        + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
    });

    test('throws for an invalid claim namespace', () => {
      expect(() => new StaticPvWithClaim(Testing.chart(), 'data', { backend: hostPath(), capacity: Size.gibibytes(1), claimMetadata: { namespace: 'A' } }))
        .toThrow(/^StaticPvWithClaim 'data': 'claimMetadata.namespace' is invalid, got 'A': a lowercase RFC 1123 label/);
    });

    test('{ name: undefined } keeps the generated names, bound both ways', () => {
      const chart = Testing.chart();
      const pv = new StaticPvWithClaim(chart, 'data', {
        backend: hostPath(), capacity: Size.gibibytes(1), volumeMetadata: { name: undefined }, claimMetadata: { name: undefined },
      });
      const [vol, claim] = Testing.synth(chart);
      expect(vol.metadata.name).toBe(pv.name);
      expect(claim.metadata.name).toBe(pv.claim.name);
      expect(vol.spec.claimRef.name).toBe(pv.claim.name);
      expect(claim.spec.volumeName).toBe(pv.name);
    });

    test('CSI volume attributes and labels named like Object.prototype members are written as given', () => {
      const chart = Testing.chart();
      new StaticPvWithClaim(chart, 'data', {
        backend: PersistentVolumeBackend.fromCsi({
          driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1', volumeAttributes: Object.fromEntries([['constructor', 'c'], ['__proto__', 'p']]),
        }),
        capacity: Size.gibibytes(1),
        volumeMetadata: { labels: { constructor: 'x' } },
      });
      const [vol] = Testing.synth(chart);
      expect(Object.entries(vol.spec.csi.volumeAttributes)).toEqual([['__proto__', 'p'], ['constructor', 'c']]);
      expect(vol.metadata.labels).toEqual({ constructor: 'x' });
    });
  });

  test('throws at synth when another storage of the pod has the same volume name, naming StaticPvWithClaim', () => {
    // GIVEN
    const chart = Testing.chart();
    const a = new StaticPvWithClaim(chart, 'a', { backend: hostPath(), capacity: Size.gibibytes(1), podVolumeName: 'data' });
    const b = new StaticPvWithClaim(chart, 'b', { backend: hostPath(), capacity: Size.gibibytes(1), podVolumeName: 'data' });
    const app = new kplus.Pod(chart, 'pod', { metadata: { name: 'web' } }).addContainer({ name: 'app', image: 'nginx:1.25.3' });
    // WHEN
    app.mount('/a', a);
    app.mount('/b', b.claim);
    // THEN
    expect(() => Testing.synth(chart)).toThrow('Validation failed with the following errors:\n  [test/a/Claim] StaticPvWithClaim \'a\': pod volume '
      + 'name \'data\' is also the name of StaticPvWithClaim \'b\' in Pod \'web\'; one pod cannot have two different volumes with the same '
      + 'name, so pass another \'podVolumeName\' here or another \'podVolumeName\' to StaticPvWithClaim \'b\'');
  });
});
