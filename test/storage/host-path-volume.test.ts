import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { warningsOf } from '../../src/private/warnings';
import { HostPathVolume } from '../../src/storage';
import { expectError } from '../util';

describe('HostPathVolume', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'pod');
    // WHEN
    const data = new HostPathVolume(chart, 'data', { path: '/data' });
    pod.addContainer({ image: 'nginx:1.27' }).mount('/usr/share/nginx/html', data, { readOnly: true });
    // THEN
    const manifest = Testing.synth(chart);
    expect(manifest[0].spec.volumes).toEqual([{ name: 'data', hostPath: { path: '/data', type: '' } }]);
    expect(data.type).toBe(kplus.HostPathVolumeType.DEFAULT);
    expect(data.name).toBe('data');
    expect(warningsOf(chart)).toEqual([]);
    expect(manifest).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'pod');
    // WHEN
    const data = new HostPathVolume(chart, 'data', { path: '/srv/www', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE, name: 'www' });
    pod.addContainer({ image: 'nginx:1.27' }).mount('/usr/share/nginx/html', data, { readOnly: true });
    // THEN
    const [p] = Testing.synth(chart);
    expect(p.spec.volumes).toEqual([{ name: 'www', hostPath: { path: '/srv/www', type: 'DirectoryOrCreate' } }]);
    expect(data.path).toBe('/srv/www');
  });

  test.each(Object.entries(kplus.HostPathVolumeType))('type %s', (_member, value) => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'pod');
    // WHEN
    pod.addContainer({ image: 'nginx:1.27' }).mount('/x', new HostPathVolume(chart, 'data', { path: '/data', type: value }), { readOnly: true });
    // THEN
    expect(Testing.synth(chart)[0].spec.volumes[0].hostPath.type).toBe(value);
  });

  test('mounting twice reuses one pod volume', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'pod');
    const data = new HostPathVolume(chart, 'data', { path: '/data' });
    // WHEN
    pod.addContainer({ name: 'a', image: 'nginx:1.27' }).mount('/a', data, { readOnly: true });
    pod.addContainer({ name: 'b', image: 'nginx:1.27' }).mount('/b', data, { readOnly: true, subPath: 'b' });
    // THEN
    expect(Testing.synth(chart)[0].spec.volumes).toHaveLength(1);
  });

  test('warns for a writable mount, once per container and path', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'pod');
    const data = new HostPathVolume(chart, 'data', { path: '/data' });
    // WHEN
    const c = pod.addContainer({ name: 'web', image: 'nginx:1.27' });
    c.mount('/a', data);
    c.mount('/b', data, { readOnly: true });
    Testing.synth(chart);
    Testing.synth(chart);
    // THEN
    expect(warningsOf(chart)).toEqual([
      'HostPathVolume \'data\': container \'web\' mounts hostPath \'/data\' writable at /a, so it can change files on the node; '
      + 'mount it with { readOnly: true } unless it must write',
    ]);
  });

  test('warns for writable mounts in init containers and workloads', () => {
    // GIVEN
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'dep');
    const data = new HostPathVolume(chart, 'data', { path: '/data' });
    // WHEN
    deployment.addContainer({ name: 'app', image: 'nginx:1.27' }).mount('/data', data, { readOnly: true });
    deployment.addInitContainer({ name: 'init', image: 'busybox:1.36' }).mount('/data', data);
    Testing.synth(chart);
    // THEN
    expect(warningsOf(chart)).toEqual([
      'HostPathVolume \'data\': container \'init\' mounts hostPath \'/data\' writable at /data, so it can change files on the node; '
      + 'mount it with { readOnly: true } unless it must write',
    ]);
  });

  test('warns for a sensitive path', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new HostPathVolume(chart, 'sock', { path: '/var/run/docker.sock', type: kplus.HostPathVolumeType.SOCKET });
    // THEN
    expect(warningsOf(chart)).toEqual([
      'HostPathVolume \'sock\': hostPath \'/var/run/docker.sock\' is sensitive: \'/var/run/docker.sock\' is a container runtime socket: '
      + 'access to it is root on the node; mount a dedicated data directory instead',
    ]);
  });

  test('throws for a relative path, .. segments or an empty path', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new HostPathVolume(chart, 'a', { path: 'data' }), 'HostPathVolume \'a\': \'path\' is invalid, got \'data\': must be an absolute path');
    expectError(() => new HostPathVolume(chart, 'b', { path: '/data/../etc' }), 'HostPathVolume \'b\': \'path\' is invalid, got \'/data/../etc\': must not contain \'..\'');
    expectError(() => new HostPathVolume(chart, 'c', { path: '' }), 'HostPathVolume \'c\': \'path\' is invalid, got \'\': must not be empty');
  });

  test('throws for an unknown type', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new HostPathVolume(chart, 'data', { path: '/data', type: 'Dir' as kplus.HostPathVolumeType }),
      'HostPathVolume \'data\': \'type\' must be one of "", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", '
      + '"CharDevice", "BlockDevice", got \'Dir\'');
  });

  test('throws for an invalid volume name', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expect(() => new HostPathVolume(chart, 'data', { path: '/data', name: 'my_data' }))
      .toThrow(/^HostPathVolume 'data': 'name' is invalid, got 'my_data': a lowercase RFC 1123 label must consist of/);
  });

  test('throws at synth when a volume the user added to the pod has the same name', () => {
    // GIVEN
    const chart = Testing.chart();
    const host = new HostPathVolume(chart, 'host', { path: '/srv/data', name: 'data' });
    const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'web' } });
    pod.addVolume(kplus.Volume.fromEmptyDir(chart, 'scratch', 'data'));
    // WHEN
    pod.addContainer({ name: 'app', image: 'nginx:1.25.3' }).mount('/data', host, { readOnly: true });
    // THEN
    expect(() => Testing.synth(chart)).toThrow('Validation failed with the following errors:\n  [test/host] HostPathVolume \'host\': pod volume '
      + 'name \'data\' is also the name of the volume at \'test/scratch\' in Pod \'web\'; one pod cannot have two different volumes with '
      + 'the same name, so pass another \'name\' here, or rename that volume');
  });
});
