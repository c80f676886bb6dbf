import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DynamicStorageClass, VolumeClaim } from '../../src/storage';
import { expectError } from '../util';

describe('VolumeClaim', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const claim = new VolumeClaim(chart, 'data', { storage: Size.gibibytes(1) });
    // THEN
    const manifest = Testing.synth(chart);
    expect(manifest).toHaveLength(1);
    expect(manifest[0].kind).toBe('PersistentVolumeClaim');
    expect(manifest[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      volumeMode: 'Filesystem',
    });
    expect('storageClassName' in manifest[0].spec).toBe(false);
    expect(claim.storageClassName).toBeUndefined();
    expect(claim.accessModes).toEqual([kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    expect(claim.volumeMode).toBe(kplus.PersistentVolumeMode.FILE_SYSTEM);
    expect(claim.storageQuantity).toBe('1Gi');
    expect(claim.podVolumeName).toBe(`pvc-${claim.name}`);
    expect(claim.kind).toBe('PersistentVolumeClaim');
    expect(claim.resourceType).toBe('persistentvolumeclaims');
    expect(manifest).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();
    const volume = kplus.PersistentVolume.fromPersistentVolumeName(chart, 'pv', 'existing-pv');
    // WHEN
    const claim = new VolumeClaim(chart, 'data', {
      storage: Size.kibibytes(1536),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
      volumeMode: kplus.PersistentVolumeMode.BLOCK,
      storageClass: DynamicStorageClass.fromStorageClassName(chart, 'cls', 'fast'),
      volume,
      podVolumeName: 'data',
      metadata: { name: 'data-pvc', namespace: 'shop' },
    });
    // THEN
    const [pvc] = Testing.synth(chart);
    expect(pvc.metadata).toEqual({ name: 'data-pvc', namespace: 'shop' });
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteMany', 'ReadOnlyMany'],
      resources: { requests: { storage: '1536Ki' } },
      storageClassName: 'fast',
      volumeMode: 'Block',
      volumeName: 'existing-pv',
    });
    expect(claim.podVolumeName).toBe('data');
    expect(claim.volume).toBe(volume);
  });

  test('sizes that cdk8s-plus rejects work', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new VolumeClaim(chart, 'a', { storage: Size.mebibytes(500) });
    new VolumeClaim(chart, 'b', { storage: Size.mebibytes(1536) });
    new VolumeClaim(chart, 'c', { storage: Size.tebibytes(2) });
    // THEN
    expect(Testing.synth(chart).map((c) => c.spec.resources.requests.storage)).toEqual(['500Mi', '1536Mi', '2Ti']);
    // (cdk8s-plus-27's own claim cannot render 500Mi)
    const plusChart = Testing.chart();
    new kplus.PersistentVolumeClaim(plusChart, 'plus', { storage: Size.mebibytes(500) });
    expect(() => Testing.synth(plusChart)).toThrow(/whole number of gibibytes/);
  });

  test('mounting twice reuses one pod volume', () => {
    // GIVEN
    const chart = Testing.chart();
    const claim = new VolumeClaim(chart, 'data', { storage: Size.gibibytes(1), metadata: { name: 'data' } });
    const pod = new kplus.Pod(chart, 'pod');
    // WHEN
    const c = pod.addContainer({ image: 'nginx:1.27' });
    c.mount('/a', claim);
    c.mount('/b', claim, { subPath: 'x' });
    // THEN
    const [podManifest] = Testing.synth(chart).filter((r) => r.kind === 'Pod');
    expect(podManifest.spec.volumes).toEqual([{ name: 'pvc-data', persistentVolumeClaim: { claimName: 'data', readOnly: false } }]);
    expect(claim.asVolume()).toBe(claim.asVolume());
  });

  test('derived pod volume names are clamped to 63 characters', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'c'.repeat(50));
    // WHEN
    const claim = new VolumeClaim(chart, 'd'.repeat(50), { storage: Size.gibibytes(1) });
    // THEN
    expect(claim.podVolumeName.length).toBeLessThanOrEqual(63);
    expect(claim.podVolumeName).toBe(`pvc-${claim.name}`);
    const long = new VolumeClaim(chart, 'long', { storage: Size.gibibytes(1), metadata: { name: 'e'.repeat(63) } });
    expect(long.podVolumeName).toMatch(/^pvc-e+-[0-9a-f]{8}$/);
    expect(long.podVolumeName.length).toBeLessThanOrEqual(63);
  });

  test('throws for a zero size', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new VolumeClaim(chart, 'data', { storage: Size.kibibytes(0) }), 'VolumeClaim \'data\': \'storage\' must be greater than zero, got 0Ki');
  });

  test('throws for ReadWriteOncePod with other modes', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new VolumeClaim(chart, 'data', {
      storage: Size.gibibytes(1),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
    }), 'VolumeClaim \'data\': \'accessModes\' may not combine ReadWriteOncePod with other access modes, got ReadWriteOncePod, ReadOnlyMany; '
      + 'use ReadWriteOncePod alone');
  });

  test('throws for an invalid pod volume name', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new VolumeClaim(chart, 'data', { storage: Size.gibibytes(1), podVolumeName: 'my.volume' }),
      'VolumeClaim \'data\': \'podVolumeName\' is invalid, got \'my.volume\': must not contain dots');
  });

  describe('metadata', () => {
    test('throws for an invalid name', () => {
      expectError(() => new VolumeClaim(Testing.chart(), 'data', { storage: Size.gibibytes(1), metadata: { name: 'Data_1' } }),
        'VolumeClaim \'data\': \'metadata.name\' is invalid, got \'Data_1\': ' + 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end '
        + 'with an alphanumeric character (e.g. \'example.com\', regex used for validation is '
        + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
    });

    test('throws for an invalid namespace', () => {
      expectError(() => new VolumeClaim(Testing.chart(), 'data', { storage: Size.gibibytes(1), metadata: { namespace: 'a.b' } }),
        'VolumeClaim \'data\': \'metadata.namespace\' is invalid, got \'a.b\': must not contain dots');
    });

    test('{ name: undefined } keeps the generated name', () => {
      const chart = Testing.chart();
      const claim = new VolumeClaim(chart, 'data', { storage: Size.gibibytes(1), metadata: { name: undefined, labels: { app: 'web' } } });
      const [pvc] = Testing.synth(chart);
      expect(pvc.metadata).toEqual({ name: claim.name, labels: { app: 'web' } });
      expect(claim.name).toMatch(/^test-data-/);
    });

    test('a label named "constructor" is written as given', () => {
      const chart = Testing.chart();
      new VolumeClaim(chart, 'data', { storage: Size.gibibytes(1), metadata: { labels: { constructor: 'x' }, annotations: { constructor: 'y' } } });
      const [pvc] = Testing.synth(chart);
      expect(pvc.metadata.labels).toEqual({ constructor: 'x' });
      expect(pvc.metadata.annotations).toEqual({ constructor: 'y' });
    });
  });

  test('throws at synth when two claims mounted into one pod have the same pod volume name', () => {
    // GIVEN
    const chart = Testing.chart();
    const a = new VolumeClaim(chart, 'a', { storage: Size.gibibytes(1), podVolumeName: 'data' });
    const b = new VolumeClaim(chart, 'b', { storage: Size.gibibytes(1), podVolumeName: 'data' });
    const app = new kplus.Pod(chart, 'pod', { metadata: { name: 'web' } }).addContainer({ name: 'app', image: 'nginx:1.25.3' });
    // WHEN
    app.mount('/a', a);
    app.mount('/b', b);
    // THEN
    expect(() => Testing.synth(chart)).toThrow('Validation failed with the following errors:\n  [test/a] VolumeClaim \'a\': pod volume name '
      + '\'data\' is also the name of VolumeClaim \'b\' in Pod \'web\'; one pod cannot have two different volumes with the same name, '
      + 'so pass another \'podVolumeName\' here or another \'podVolumeName\' to VolumeClaim \'b\'');
  });
});
