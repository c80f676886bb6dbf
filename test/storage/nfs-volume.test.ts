import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { bindingMismatches } from '../../src/private/binding';
import { NfsVolume, StaticPvWithClaim, VolumeReclaimPolicy } from '../../src/storage';
import { expectError } from '../util';

describe('NfsVolume', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'nginx');
    // WHEN
    const nfs = new NfsVolume(chart, 'data', { server: '192.168.142.139', path: '/data/nfs' });
    deployment.addContainer({ name: 'nginx', image: 'nginx:1.27' }).mount('/data', nfs);
    // THEN
    const manifest = Testing.synth(chart);
    expect(manifest.map((r) => r.kind)).toEqual(['Deployment']);
    expect(manifest[0].spec.template.spec.volumes).toEqual([{ name: 'data', nfs: { server: '192.168.142.139', path: '/data/nfs' } }]);
    expect(manifest[0].spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/data', name: 'data' }]);
    expect(nfs.readOnly).toBe(false);
    expect(nfs.name).toBe('data');
    expect(manifest).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'pod');
    // WHEN
    const nfs = new NfsVolume(chart, 'Shared Data', { server: 'nfs.example.com', path: '/exports/web', readOnly: true, name: 'web' });
    pod.addContainer({ image: 'nginx:1.27' }).mount('/srv', nfs);
    // THEN
    const [p] = Testing.synth(chart);
    expect(p.spec.volumes).toEqual([{ name: 'web', nfs: { server: 'nfs.example.com', path: '/exports/web', readOnly: true } }]);
    expect(nfs.server).toBe('nfs.example.com');
    expect(nfs.path).toBe('/exports/web');
    expect(nfs.readOnly).toBe(true);
  });

  test('the default name is derived from the id', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const nfs = new NfsVolume(chart, 'Shared_Data', { server: 'nfs', path: '/x' });
    // THEN
    expect(nfs.name).toBe('shared-data');
  });

  test('mounting twice in two containers reuses one pod volume', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'pod');
    const nfs = new NfsVolume(chart, 'data', { server: '10.0.0.1', path: '/x' });
    // WHEN
    pod.addContainer({ name: 'a', image: 'nginx:1.27' }).mount('/a', nfs);
    pod.addContainer({ name: 'b', image: 'nginx:1.27' }).mount('/b', nfs, { subPath: 'b' });
    // THEN
    const [p] = Testing.synth(chart);
    expect(p.spec.volumes).toHaveLength(1);
    expect(nfs.asVolume()).toBe(nfs.asVolume());
  });

  test('toPersistentVolume creates a bound PV and claim, ReadWriteMany by default', () => {
    // GIVEN
    const chart = Testing.chart();
    const nfs = new NfsVolume(chart, 'data', { server: '192.168.142.139', path: '/data/nfs', readOnly: true });
    // WHEN
    const pvc = nfs.toPersistentVolume(chart, 'pv', {
      capacity: Size.gibibytes(50), mountOptions: ['nfsvers=4.1'], reclaimPolicy: VolumeReclaimPolicy.RETAIN,
    });
    // THEN
    const manifest = Testing.synth(chart);
    const pv = manifest.find((r) => r.kind === 'PersistentVolume');
    const claim = manifest.find((r) => r.kind === 'PersistentVolumeClaim');
    expect(pvc).toBeInstanceOf(StaticPvWithClaim);
    expect(pv.spec.nfs).toEqual({ server: '192.168.142.139', path: '/data/nfs', readOnly: true });
    expect(pv.spec.mountOptions).toEqual(['nfsvers=4.1']);
    expect(pv.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(bindingMismatches(pv, claim)).toEqual([]);
  });

  test('toPersistentVolume keeps explicit access modes', () => {
    // GIVEN
    const chart = Testing.chart();
    const nfs = new NfsVolume(chart, 'data', { server: 'nfs', path: '/x' });
    // WHEN
    const pv = nfs.toPersistentVolume(chart, 'pv', { capacity: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY] });
    // THEN
    expect(pv.accessModes).toEqual([kplus.PersistentVolumeAccessMode.READ_ONLY_MANY]);
  });

  test('throws for a bad server', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new NfsVolume(chart, 'data', { server: 'nfs_server', path: '/x' }),
      'NfsVolume \'data\': \'server\' is invalid, got \'nfs_server\': must be a hostname (a lowercase RFC 1123 subdomain such as '
      + '\'nfs.example.com\') or an IP address (such as \'192.168.1.10\')');
    expectError(() => new NfsVolume(chart, 'ip', { server: '192.168.142', path: '/x' }),
      'NfsVolume \'ip\': \'server\' is invalid, got \'192.168.142\': is not a valid IPv4 address');
    expectError(() => new NfsVolume(chart, 'empty', { server: '', path: '/x' }),
      'NfsVolume \'empty\': \'server\' is invalid, got \'\': must not be empty');
  });

  test('throws for a relative or empty path', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new NfsVolume(chart, 'data', { server: 'nfs', path: 'data/nfs' }),
      'NfsVolume \'data\': \'path\' is invalid, got \'data/nfs\': must be an absolute path; give the export\'s absolute path on the server, e.g. \'/data/nfs\'');
    expectError(() => new NfsVolume(chart, 'empty', { server: 'nfs', path: '' }),
      'NfsVolume \'empty\': \'path\' is invalid, got \'\': must not be empty; give the export\'s absolute path on the server, e.g. \'/data/nfs\'');
  });

  test('throws for an invalid volume name', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new NfsVolume(chart, 'data', { server: 'nfs', path: '/x', name: 'Data' }),
      'NfsVolume \'data\': \'name\' is invalid, got \'Data\': a lowercase RFC 1123 label must consist of lower case alphanumeric characters '
      + 'or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is '
      + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')');
  });

  test('throws at synth when another storage of the pod has the same volume name', () => {
    // GIVEN
    const chart = Testing.chart();
    const nfs = new NfsVolume(chart, 'nfs', { server: 'nfs.example.com', path: '/exports', name: 'data' });
    const other = new NfsVolume(chart, 'other', { server: '10.0.0.1', path: '/exports', name: 'data' });
    const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'web' } });
    const app = pod.addContainer({ name: 'app', image: 'nginx:1.25.3' });
    // WHEN
    app.mount('/data', nfs);
    app.mount('/other', other);
    // THEN
    expect(() => Testing.synth(chart)).toThrow('Validation failed with the following errors:\n  [test/nfs] NfsVolume \'nfs\': pod volume name '
      + '\'data\' is also the name of NfsVolume \'other\' in Pod \'web\'; one pod cannot have two different volumes with the same name, '
      + 'so pass another \'name\' here or another \'name\' to NfsVolume \'other\'');
  });

  test('the same volume name in two different pods is fine', () => {
    // GIVEN
    const chart = Testing.chart();
    const nfs = new NfsVolume(chart, 'nfs', { server: 'nfs.example.com', path: '/exports', name: 'data' });
    const other = new NfsVolume(chart, 'other', { server: '10.0.0.1', path: '/exports', name: 'data' });
    // WHEN
    new kplus.Pod(chart, 'a').addContainer({ image: 'nginx:1.25.3' }).mount('/data', nfs);
    new kplus.Pod(chart, 'b').addContainer({ image: 'nginx:1.25.3' }).mount('/data', other);
    // THEN
    const volumes = Testing.synth(chart).map((p) => p.spec.volumes);
    expect(volumes).toEqual([
      [{ name: 'data', nfs: { server: 'nfs.example.com', path: '/exports' } }],
      [{ name: 'data', nfs: { server: '10.0.0.1', path: '/exports' } }],
    ]);
  });
});
