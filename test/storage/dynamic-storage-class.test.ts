import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { warningsOf } from '../../src/private/warnings';
import { DynamicStorageClass, Provisioner, VolumeBindingMode, VolumeClaim } from '../../src/storage';
import { expectError } from '../util';

function byKind(manifest: any[], kind: string): any[] {
  return manifest.filter((r) => r.kind === kind);
}

describe('DynamicStorageClass', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const sc = new DynamicStorageClass(chart, 'fast', { provisioner: Provisioner.AWS_EBS_CSI });
    // THEN
    const manifest = Testing.synth(chart);
    expect(manifest).toHaveLength(1);
    expect(manifest[0].apiVersion).toBe('storage.k8s.io/v1');
    expect(manifest[0].kind).toBe('StorageClass');
    expect(manifest[0].provisioner).toBe('ebs.csi.aws.com');
    expect(manifest[0].reclaimPolicy).toBe('Delete');
    expect(manifest[0].volumeBindingMode).toBe('Immediate');
    expect(manifest[0].parameters).toBeUndefined();
    expect(manifest[0].allowVolumeExpansion).toBeUndefined();
    expect(manifest[0].metadata.annotations).toBeUndefined();
    expect(sc.reclaimPolicy).toBe(kplus.PersistentVolumeReclaimPolicy.DELETE);
    expect(sc.volumeBindingMode).toBe(VolumeBindingMode.IMMEDIATE);
    expect(sc.isDefault).toBe(false);
    expect(sc.name).toBe(manifest[0].metadata.name);
    expect(manifest).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const sc = new DynamicStorageClass(chart, 'fast', {
      metadata: { name: 'fast', labels: { tier: 'ssd' }, annotations: { note: 'x' } },
      provisioner: Provisioner.AWS_EBS_CSI,
      parameters: { type: 'gp3', iops: '3000', encrypted: 'true' },
      reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: true,
      mountOptions: ['noatime'],
      allowedTopologies: [{ 'topology.ebs.csi.aws.com/zone': ['us-east-1a', 'us-east-1b'] }],
      isDefault: true,
    });
    // THEN
    const [obj] = Testing.synth(chart);
    expect(obj).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'fast',
        labels: { tier: 'ssd' },
        annotations: { 'note': 'x', 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ebs.csi.aws.com',
      parameters: { encrypted: 'true', iops: '3000', type: 'gp3' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      mountOptions: ['noatime'],
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', values: ['us-east-1a', 'us-east-1b'] }] }],
    });
    expect(Object.keys(obj.parameters)).toEqual(['encrypted', 'iops', 'type']);
    expect(sc.isDefault).toBe(true);
    expect(sc.provisioner).toBe('ebs.csi.aws.com');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('provisioner constants', () => {
    // GIVEN / WHEN / THEN
    expect(Provisioner.AWS_EBS).toBe('kubernetes.io/aws-ebs');
    expect(Provisioner.AWS_EBS_CSI).toBe('ebs.csi.aws.com');
    expect(Provisioner.NO_PROVISIONER).toBe('kubernetes.io/no-provisioner');
    expect(Provisioner.GCE_PD_CSI).toBe('pd.csi.storage.gke.io');
    expect(Provisioner.AZURE_DISK_CSI).toBe('disk.csi.azure.com');
    expect(Provisioner.LOCAL_PATH).toBe('rancher.io/local-path');
  });

  test('the chart namespace is not written on the cluster-scoped class', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    // WHEN
    new DynamicStorageClass(chart, 'fast', { provisioner: Provisioner.LOCAL_PATH });
    // THEN
    expect(Testing.synth(chart)[0].metadata.namespace).toBeUndefined();
  });

  test.each([
    [VolumeBindingMode.IMMEDIATE, 'Immediate'],
    [VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER, 'WaitForFirstConsumer'],
  ])('binding mode %s', (mode, rendered) => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new DynamicStorageClass(chart, 'sc', { provisioner: Provisioner.LOCAL_PATH, volumeBindingMode: mode });
    // THEN
    expect(Testing.synth(chart)[0].volumeBindingMode).toBe(rendered);
  });

  test.each([
    [kplus.PersistentVolumeReclaimPolicy.DELETE, 'Delete'],
    [kplus.PersistentVolumeReclaimPolicy.RETAIN, 'Retain'],
  ])('reclaim policy %s', (policy, rendered) => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new DynamicStorageClass(chart, 'sc', { provisioner: Provisioner.LOCAL_PATH, reclaimPolicy: policy });
    // THEN
    expect(Testing.synth(chart)[0].reclaimPolicy).toBe(rendered);
  });

  test('throws for Recycle', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new DynamicStorageClass(chart, 'sc', { provisioner: 'x.io/y', reclaimPolicy: 'Recycle' as kplus.PersistentVolumeReclaimPolicy }),
      'DynamicStorageClass \'sc\': \'reclaimPolicy\' must be Delete or Retain, got \'Recycle\': StorageClasses cannot recycle volumes '
      + '(Recycle is deprecated and only exists for static NFS and hostPath volumes)');
  });

  test('throws for an unknown binding mode', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new DynamicStorageClass(chart, 'sc', { provisioner: 'x.io/y', volumeBindingMode: 'Later' as VolumeBindingMode }),
      'DynamicStorageClass \'sc\': \'volumeBindingMode\' must be Immediate or WaitForFirstConsumer, got \'Later\'');
  });

  test('warns for no-provisioner with Immediate binding', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new DynamicStorageClass(chart, 'local', { provisioner: Provisioner.NO_PROVISIONER });
    new DynamicStorageClass(chart, 'ok', { provisioner: Provisioner.NO_PROVISIONER, volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER });
    // THEN
    expect(warningsOf(chart)).toEqual([
      'DynamicStorageClass \'local\': provisioner kubernetes.io/no-provisioner with volumeBindingMode Immediate binds claims before the '
      + 'scheduler picks a node, so a pod can land where its local volume is not; use VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER',
    ]);
  });

  describe('provisioner', () => {
    test.each(['kubernetes.io/aws-ebs', 'Example.COM/My_Provisioner', 'local-path', 'a.b'])('%p is accepted', (p) => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expect(() => new DynamicStorageClass(chart, 'sc', { provisioner: p })).not.toThrow();
    });

    test('throws for an empty provisioner', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new DynamicStorageClass(chart, 'sc', { provisioner: '' }),
        'DynamicStorageClass \'sc\': \'provisioner\' must not be empty: name the volume plugin or CSI driver, e.g. Provisioner.AWS_EBS_CSI');
    });

    test('throws for a provisioner that is not a qualified name', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new DynamicStorageClass(chart, 'sc', { provisioner: 'my provisioner' }),
        'DynamicStorageClass \'sc\': \'provisioner\' is invalid, got \'my provisioner\': name part must consist of alphanumeric characters, '
        + '\'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', '
        + 'regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')');
      expect(() => new DynamicStorageClass(chart, 'sc2', { provisioner: 'a/b/c' })).toThrow(/^DynamicStorageClass 'sc2': 'provisioner' is invalid, got 'a\/b\/c': /);
    });
  });

  describe('parameters', () => {
    test('512 parameters are fine, 513 are not', () => {
      // GIVEN
      const chart = Testing.chart();
      const params = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
      // WHEN / THEN
      expect(() => new DynamicStorageClass(chart, 'ok', { provisioner: 'x.io/y', parameters: params(512) })).not.toThrow();
      expectError(() => new DynamicStorageClass(chart, 'sc', { provisioner: 'x.io/y', parameters: params(513) }),
        'DynamicStorageClass \'sc\': \'parameters\' must have at most 512 entries, got 513');
    });

    test('throws for an empty key', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expectError(() => new DynamicStorageClass(chart, 'sc', { provisioner: 'x.io/y', parameters: { '': 'v' } }),
        'DynamicStorageClass \'sc\': \'parameters\' must not have an empty key');
    });

    test('throws when keys and values exceed 256 KiB', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expect(() => new DynamicStorageClass(chart, 'ok', { provisioner: 'x.io/y', parameters: { k: 'v'.repeat(262143) } })).not.toThrow();
      expectError(() => new DynamicStorageClass(chart, 'sc', { provisioner: 'x.io/y', parameters: { k: 'v'.repeat(262144) } }),
        'DynamicStorageClass \'sc\': \'parameters\' must have at most 262144 bytes of keys and values in total, got 262145');
    });
  });

  describe('allowed topologies', () => {
    test('terms and keys are sorted, values de-duplicated', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      new DynamicStorageClass(chart, 'sc', {
        provisioner: 'x.io/y',
        allowedTopologies: [{ zone: ['a', 'a', 'b'], region: ['r1'] }, { zone: ['c'] }],
      });
      // THEN
      expect(Testing.synth(chart)[0].allowedTopologies).toEqual([
        { matchLabelExpressions: [{ key: 'region', values: ['r1'] }, { key: 'zone', values: ['a', 'b'] }] },
        { matchLabelExpressions: [{ key: 'zone', values: ['c'] }] },
      ]);
    });

    test('throws for bad terms', () => {
      // GIVEN
      const chart = Testing.chart();
      const sc = (id: string, allowedTopologies: any) => () => new DynamicStorageClass(chart, id, { provisioner: 'x.io/y', allowedTopologies });
      // WHEN / THEN
      expectError(sc('a', [{}]), 'DynamicStorageClass \'a\': \'allowedTopologies[0]\' must have at least one label, '
        + 'e.g. { \'topology.kubernetes.io/zone\': [\'us-east-1a\'] }');
      expectError(sc('b', [{ zone: [] }]), 'DynamicStorageClass \'b\': \'allowedTopologies[0]\' label \'zone\' must have at least one value');
      expectError(sc('c', [{ zone: ['a'] }, { zone: ['a'] }]), 'DynamicStorageClass \'c\': \'allowedTopologies[1]\' repeats an earlier term; remove the duplicate');
      // the API server compares the values of a term as a set
      expectError(sc('c2', [{ zone: ['a', 'b'] }, { zone: ['b', 'a'] }]),
        'DynamicStorageClass \'c2\': \'allowedTopologies[1]\' repeats an earlier term; remove the duplicate');
      expectError(sc('d', [{ zone: [''] }]), 'DynamicStorageClass \'d\': \'allowedTopologies[0]\' label \'zone\' has an invalid value \'\': must not be empty');
      expect(sc('e', [{ 'bad key': ['a'] }])).toThrow(/^DynamicStorageClass 'e': 'allowedTopologies\[0\]' has an invalid label key 'bad key': name part must/);
      expect(sc('f', [{ zone: ['a b'] }])).toThrow(/^DynamicStorageClass 'f': 'allowedTopologies\[0\]' label 'zone' has an invalid value 'a b': a valid label/);
    });
  });

  test('throws for a mount option with a space', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN / THEN
    expectError(() => new DynamicStorageClass(chart, 'sc', { provisioner: 'x.io/y', mountOptions: ['a b'] }),
      'DynamicStorageClass \'sc\': \'mountOptions\' must contain non-empty options without spaces (one option per entry, such as \'nfsvers=4.1\'), got \'a b\'');
  });

  describe('claims', () => {
    test('claim() links the class by reference and accepts sub-GiB sizes', () => {
      // GIVEN
      const chart = Testing.chart();
      const sc = new DynamicStorageClass(chart, 'sc', { provisioner: Provisioner.LOCAL_PATH, metadata: { name: 'local' } });
      // WHEN
      const claim = sc.claim(chart, 'data', { storage: Size.mebibytes(500) });
      // THEN
      const [pvc] = byKind(Testing.synth(chart), 'PersistentVolumeClaim');
      expect(claim).toBeInstanceOf(VolumeClaim);
      expect(claim.storageClass).toBe(sc);
      expect(claim.storageClassName).toBe('local');
      expect(pvc.spec).toEqual({
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '500Mi' } },
        storageClassName: 'local',
        volumeMode: 'Filesystem',
      });
    });

    test('the claim follows the class name, including a derived one', () => {
      // GIVEN
      const chart = Testing.chart();
      const sc = new DynamicStorageClass(chart, 'sc', { provisioner: Provisioner.LOCAL_PATH });
      // WHEN
      sc.claim(chart, 'data', { storage: Size.gibibytes(1) });
      // THEN
      const manifest = Testing.synth(chart);
      expect(byKind(manifest, 'PersistentVolumeClaim')[0].spec.storageClassName).toBe(byKind(manifest, 'StorageClass')[0].metadata.name);
    });

    test('fromStorageClassName refers to an existing class', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN
      const std = DynamicStorageClass.fromStorageClassName(chart, 'std', 'standard');
      const none = DynamicStorageClass.fromStorageClassName(chart, 'none', '');
      new VolumeClaim(chart, 'a', { storage: Size.gibibytes(1), storageClass: std });
      new VolumeClaim(chart, 'b', { storage: Size.gibibytes(1), storageClass: none });
      // THEN
      const claims = byKind(Testing.synth(chart), 'PersistentVolumeClaim');
      expect(claims.map((c) => c.spec.storageClassName)).toEqual(['standard', '']);
    });

    test('fromStorageClassName throws for an invalid name', () => {
      // GIVEN
      const chart = Testing.chart();
      // WHEN / THEN
      expect(() => DynamicStorageClass.fromStorageClassName(chart, 'bad', 'Bad Name'))
        .toThrow(/^DynamicStorageClass 'bad': 'name' is invalid, got 'Bad Name': a lowercase RFC 1123 subdomain/);
    });
  });

  test('escape hatch: ApiObject.of reaches the StorageClass', () => {
    // GIVEN
    const chart = Testing.chart();
    const sc = new DynamicStorageClass(chart, 'sc', { provisioner: Provisioner.LOCAL_PATH });
    // WHEN
    ApiObject.of(sc).addJsonPatch(JsonPatch.add('/parameters', { a: 'b' }));
    // THEN
    expect(Testing.synth(chart)[0].parameters).toEqual({ a: 'b' });
  });

  describe('metadata and map keys', () => {
    test('throws for an invalid name', () => {
      expectError(() => new DynamicStorageClass(Testing.chart(), 'fast', { provisioner: Provisioner.AWS_EBS_CSI, metadata: { name: 'Fast_SSD' } }),
        'DynamicStorageClass \'fast\': \'metadata.name\' is invalid, got \'Fast_SSD\': ' + 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end '
        + 'with an alphanumeric character (e.g. \'example.com\', regex used for validation is '
        + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
    });

    test('throws for an invalid label key', () => {
      expect(() => new DynamicStorageClass(Testing.chart(), 'fast', { provisioner: Provisioner.AWS_EBS_CSI, metadata: { labels: { 'a b': 'x' } } }))
        .toThrow(/^DynamicStorageClass 'fast': 'metadata.labels' is invalid, got 'a b': /);
    });

    test('{ name: undefined } keeps the generated name', () => {
      const chart = Testing.chart();
      const sc = new DynamicStorageClass(chart, 'fast', { provisioner: Provisioner.AWS_EBS_CSI, metadata: { name: undefined }, isDefault: true });
      const [obj] = Testing.synth(chart);
      expect(obj.metadata).toEqual({ name: sc.name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
      expect(sc.name).toMatch(/^test-fast-/);
    });

    test('parameters, labels and annotations named like Object.prototype members are written as given, sorted', () => {
      // GIVEN
      const chart = Testing.chart();
      const parameters: Record<string, string> = Object.fromEntries([['type', 'gp3'], ['constructor', ''], ['__proto__', 'p'], ['toString', 't']]);
      // WHEN
      new DynamicStorageClass(chart, 'fast', {
        provisioner: Provisioner.AWS_EBS_CSI,
        parameters,
        isDefault: true,
        metadata: { labels: { constructor: 'x', app: 'web' }, annotations: { constructor: 'y' } },
      });
      // THEN
      const [obj] = Testing.synth(chart);
      expect(Object.entries(obj.parameters)).toEqual([['__proto__', 'p'], ['constructor', ''], ['toString', 't'], ['type', 'gp3']]);
      expect(Object.entries(obj.metadata.labels)).toEqual([['app', 'web'], ['constructor', 'x']]);
      expect(Object.entries(obj.metadata.annotations)).toEqual([['constructor', 'y'], ['storageclass.kubernetes.io/is-default-class', 'true']]);
    });
  });
});
