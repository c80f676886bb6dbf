import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { only } from './helpers';
import { SharedDir } from '../../src';
import { expectError } from '../util';

const IMAGE = 'docker.io/library/alpine:3.19';

function podWithTwo(): { chart: any; pod: kplus.Pod; a: kplus.Container; b: kplus.Container } {
  const chart = Testing.chart();
  const pod = new kplus.Pod(chart, 'pod');
  const a = pod.addContainer({ name: 'a', image: IMAGE });
  const b = pod.addContainer({ name: 'b', image: IMAGE });
  return { chart, pod, a, b };
}

describe('SharedDir', () => {
  test('defaults', () => {
    // GIVEN
    const { chart, pod, a, b } = podWithTwo();

    // WHEN
    const dir = new SharedDir(chart, 'scratch', { workload: pod });
    dir.mount(a, '/scratch');
    dir.mount(b, '/scratch');

    // THEN
    expect(dir.name).toBe('scratch');
    expect(dir.medium).toBe(kplus.EmptyDirMedium.DEFAULT);
    expect(dir.sizeLimit).toBeUndefined();
    expect(dir.asVolume()).toBe(dir.volume);
    const spec = only(Testing.synth(chart), 'Pod').spec;
    expect(spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'scratch', mountPath: '/scratch' }]);
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'scratch', mountPath: '/scratch' }]);
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const { chart, pod, a, b } = podWithTwo();

    // WHEN
    const dir = new SharedDir(chart, 'dir', {
      workload: pod, name: 'cache', medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1),
    });
    dir.mount(a, '/cache', { subPath: 'a' });
    dir.mount(b, '/cache-of-a', { subPath: 'a', readOnly: true });

    // THEN
    expect(dir.name).toBe('cache');
    expect(dir.medium).toBe(kplus.EmptyDirMedium.MEMORY);
    expect(dir.sizeLimit?.toGibibytes()).toBe(1);
    expect(dir.mountedInto).toEqual(['a', 'b']);
    const spec = only(Testing.synth(chart), 'Pod').spec;
    expect(spec.volumes).toEqual([{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '1024Mi' } }]);
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'cache', mountPath: '/cache-of-a', subPath: 'a', readOnly: true }]);
  });

  test('is one volume even when also mounted through kplus.IStorage', () => {
    const { chart, pod, a } = podWithTwo();
    const dir = new SharedDir(chart, 'data', { workload: pod });
    dir.mount(a, '/data');
    a.mount('/other', dir); // it is a kplus.IStorage
    const spec = only(Testing.synth(chart), 'Pod').spec;
    expect(spec.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(spec.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/data', '/other']);
  });

  test('can be mounted into an init container of the pod', () => {
    const { chart, pod } = podWithTwo();
    const init = pod.addInitContainer({ name: 'fetch', image: IMAGE });
    new SharedDir(chart, 'data', { workload: pod }).mount(init, '/data');
    expect(only(Testing.synth(chart), 'Pod').spec.initContainers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
  });

  test('throws for an invalid name', () => {
    const { chart, pod } = podWithTwo();
    expectError(() => new SharedDir(chart, 'x', { workload: pod, name: 'my.data' }),
      'SharedDir \'x\': \'name\' is invalid, got \'my.data\': must not contain dots');
  });

  test('throws for a size limit that is not a whole number of MiB', () => {
    const { chart, pod } = podWithTwo();
    expectError(() => new SharedDir(chart, 'data', { workload: pod, sizeLimit: Size.kibibytes(1536) }),
      'SharedDir \'data\': \'sizeLimit\' must be a positive whole number of MiB, got 1536Ki');
  });

  test('the largest size limit cdk8s-plus writes exactly is accepted', () => {
    const { chart, pod } = podWithTwo();
    new SharedDir(chart, 'data', { workload: pod, sizeLimit: Size.mebibytes(Number.MAX_SAFE_INTEGER) });
    expect(only(Testing.synth(chart), 'Pod').spec.volumes).toEqual([{ name: 'data', emptyDir: { sizeLimit: '9007199254740991Mi' } }]);
  });

  test('throws for a size limit beyond 2^53 MiB (cdk8s-plus would write 1.048576e+21Mi)', () => {
    const { chart, pod } = podWithTwo();
    expectError(() => new SharedDir(chart, 'data', { workload: pod, sizeLimit: Size.tebibytes(1e15) }),
      'SharedDir \'data\': \'sizeLimit\' must be at most 9007199254740991Mi (about 8 ZiB), got 976562500000Pi');
  });

  test('throws if the pod already has a volume of that name', () => {
    const { chart, pod, a } = podWithTwo();
    a.mount('/x', kplus.Volume.fromEmptyDir(chart, 'v', 'data'));
    expectError(() => new SharedDir(chart, 'data', { workload: pod }),
      'SharedDir \'data\': \'name\' must be unique among the pod\'s volumes, got \'data\', which is already a volume of the pod');
  });

  test('throws when mounted into a container of another pod', () => {
    const { chart, pod } = podWithTwo();
    const other = new kplus.Pod(chart, 'other').addContainer({ name: 'stranger', image: IMAGE });
    const dir = new SharedDir(chart, 'data', { workload: pod });
    expectError(() => dir.mount(other, '/data'), 'SharedDir \'data\': \'container\' \'stranger\' is not a container of this pod; '
      + 'add it to the pod first (e.g. with addSidecar()) and mount the container that call returns');
  });

  test('throws for a relative mount path', () => {
    const { chart, pod, a } = podWithTwo();
    const dir = new SharedDir(chart, 'data', { workload: pod });
    expectError(() => dir.mount(a, 'opt'), 'SharedDir \'data\': \'path\' is invalid, got \'opt\': must be an absolute path');
  });

  test('throws when the container already has a mount at that path', () => {
    const { chart, pod, a } = podWithTwo();
    const dir = new SharedDir(chart, 'data', { workload: pod });
    dir.mount(a, '/opt');
    expectError(() => dir.mount(a, '/opt'), 'SharedDir \'data\': \'path\' must be unique among the mounts of container \'a\', '
      + 'got \'/opt\', where something is already mounted');
  });

  test('throws for a sub-path that leaves the directory', () => {
    const { chart, pod, a } = podWithTwo();
    const dir = new SharedDir(chart, 'data', { workload: pod });
    expectError(() => dir.mount(a, '/opt', { subPath: '../etc' }),
      'SharedDir \'data\': \'subPath\' is invalid, got \'../etc\': must not contain \'..\'');
  });
});
