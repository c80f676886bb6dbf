import { bindingMismatches, storageClassOf, unmatchedSelectorRequirements } from '../../src/private/binding';

function pv(spec: any = {}, metadata: any = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'static-pv', ...metadata },
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      hostPath: { path: '/data/static-pv' },
      ...spec,
    },
  };
}

function pvc(spec: any = {}, metadata: any = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'static-pvc', ...metadata },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      resources: { requests: { storage: '10Gi' } },
      ...spec,
    },
  };
}

describe('bindingMismatches', () => {
  test('a matching pair has no mismatch', () => {
    // GIVEN the S5 pair
    // WHEN / THEN
    expect(bindingMismatches(pv(), pvc())).toEqual([]);
  });

  test('a pair bound in both directions has no mismatch', () => {
    // GIVEN
    const volume = pv({ claimRef: { name: 'static-pvc', namespace: 'default' } });
    const claim = pvc({ volumeName: 'static-pv' });
    // WHEN / THEN
    expect(bindingMismatches(volume, claim)).toEqual([]);
  });

  test('BIND-CLASS: different class names', () => {
    // GIVEN / WHEN
    const result = bindingMismatches(pv(), pvc({ storageClassName: 'fast' }));
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-CLASS',
      field: 'spec.storageClassName',
      message: 'PersistentVolumeClaim \'static-pvc\' asks for storage class \'fast\' but PersistentVolume \'static-pv\' has storage class '
        + '\'standard\', so the claim never binds to it; set the same storageClassName on both',
    }]);
  });

  test('BIND-CLASS: "" is not a class name', () => {
    // GIVEN a classless claim against a 'manual' volume
    const result = bindingMismatches(pv({ storageClassName: 'manual' }), pvc({ storageClassName: '' }));
    // THEN
    expect(result.map((m) => m.message)).toEqual([
      'PersistentVolumeClaim \'static-pvc\' asks for storage class "" (no class) but PersistentVolume \'static-pv\' has storage class '
      + '\'manual\', so the claim never binds to it; set the same storageClassName on both',
    ]);
  });

  test('BIND-CLASS: the beta annotation wins over spec.storageClassName on both objects', () => {
    // GIVEN
    const annotation = 'volume.beta.kubernetes.io/storage-class';
    const volume = pv({ storageClassName: 'standard' }, { annotations: { [annotation]: 'gold' } });
    const claim = pvc({ storageClassName: 'gold' }, { annotations: { [annotation]: 'standard' } });
    // WHEN
    const result = bindingMismatches(volume, claim);
    // THEN
    expect(storageClassOf(volume)).toBe('gold');
    expect(storageClassOf(claim)).toBe('standard');
    expect(result.map((m) => [m.rule, m.field])).toEqual([['BIND-CLASS', `metadata.annotations[${annotation}]`]]);
    // and the annotation alone makes them match
    expect(bindingMismatches(volume, pvc({ storageClassName: 'standard' }, { annotations: { [annotation]: 'gold' } }))).toEqual([]);
  });

  test('BIND-CLASS: a class on the claim only', () => {
    // GIVEN a volume with no class at all
    const volume = pv();
    delete volume.spec.storageClassName;
    // WHEN
    const result = bindingMismatches(volume, pvc());
    // THEN
    expect(result.map((m) => m.rule)).toEqual(['BIND-CLASS']);
  });

  test('BIND-DEFAULT-CLASS: a claim that omits the class against a classless volume', () => {
    // GIVEN
    const volume = pv();
    delete volume.spec.storageClassName;
    const claim = pvc();
    delete claim.spec.storageClassName;
    // WHEN
    const result = bindingMismatches(volume, claim);
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-DEFAULT-CLASS',
      field: 'spec.storageClassName',
      message: 'PersistentVolumeClaim \'static-pvc\' omits storageClassName while PersistentVolume \'static-pv\' has no class: '
        + 'in a cluster with a default StorageClass, admission writes that class into the claim, so the claim never binds to it; '
        + 'set storageClassName: "" on the claim',
    }]);
    // and "" on the claim fixes it
    expect(bindingMismatches(volume, pvc({ storageClassName: '' }))).toEqual([]);
  });

  test('BIND-SIZE: request larger than capacity', () => {
    // GIVEN / WHEN
    const result = bindingMismatches(pv(), pvc({ resources: { requests: { storage: '20Gi' } } }));
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-SIZE',
      field: 'spec.resources.requests.storage',
      message: 'PersistentVolumeClaim \'static-pvc\' requests 20Gi of storage but PersistentVolume \'static-pv\' has a capacity of 10Gi, '
        + 'so the claim never binds to it; request at most 10Gi or raise the volume\'s capacity',
    }]);
  });

  test('BIND-SIZE: quantities are compared exactly, across units', () => {
    // GIVEN
    const oneGi = pv({ capacity: { storage: '1Gi' } });
    // WHEN / THEN
    expect(bindingMismatches(oneGi, pvc({ resources: { requests: { storage: '1073741824' } } }))).toEqual([]);
    expect(bindingMismatches(oneGi, pvc({ resources: { requests: { storage: '1024Mi' } } }))).toEqual([]);
    expect(bindingMismatches(oneGi, pvc({ resources: { requests: { storage: '500Mi' } } }))).toEqual([]);
    expect(bindingMismatches(oneGi, pvc({ resources: { requests: { storage: '1073741825' } } })).map((m) => m.rule)).toEqual(['BIND-SIZE']);
    // 1G (decimal) is less than 1Gi, 1.1G is more
    expect(bindingMismatches(oneGi, pvc({ resources: { requests: { storage: '1G' } } }))).toEqual([]);
    expect(bindingMismatches(oneGi, pvc({ resources: { requests: { storage: '1.1G' } } })).map((m) => m.rule)).toEqual(['BIND-SIZE']);
  });

  test('BIND-SIZE: missing or unparsable quantities are left to the schema checks', () => {
    // GIVEN
    const noCapacity = pv();
    delete noCapacity.spec.capacity;
    // WHEN / THEN
    expect(bindingMismatches(noCapacity, pvc())).toEqual([]);
    expect(bindingMismatches(pv(), pvc({ resources: { requests: { storage: '10 Gi' } } }))).toEqual([]);
  });

  test('BIND-ACCESSMODES: claim modes must be a subset of the volume modes', () => {
    // GIVEN / WHEN
    const one = bindingMismatches(pv(), pvc({ accessModes: ['ReadWriteMany'] }));
    const two = bindingMismatches(pv(), pvc({ accessModes: ['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany'] }));
    // THEN
    expect(one).toEqual([{
      rule: 'BIND-ACCESSMODES',
      field: 'spec.accessModes',
      message: 'PersistentVolumeClaim \'static-pvc\' asks for access mode ReadWriteMany, which PersistentVolume \'static-pv\' does not offer '
        + '(it offers ReadWriteOnce), so the claim never binds to it; request only access modes the volume offers',
    }]);
    expect(two.map((m) => m.message)).toEqual([
      'PersistentVolumeClaim \'static-pvc\' asks for access modes ReadWriteMany, ReadOnlyMany, which PersistentVolume \'static-pv\' does not offer '
      + '(it offers ReadWriteOnce), so the claim never binds to it; request only access modes the volume offers',
    ]);
    // a subset is fine
    expect(bindingMismatches(pv({ accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }), pvc({ accessModes: ['ReadOnlyMany'] }))).toEqual([]);
  });

  test('BIND-ACCESSMODES: a volume without modes offers none', () => {
    // GIVEN
    const result = bindingMismatches(pv({ accessModes: [] }), pvc());
    // THEN
    expect(result[0].message).toContain('(it offers none)');
  });

  test('BIND-VOLUMEMODE: both default to Filesystem', () => {
    // GIVEN / WHEN
    const result = bindingMismatches(pv(), pvc({ volumeMode: 'Block' }));
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-VOLUMEMODE',
      field: 'spec.volumeMode',
      message: 'PersistentVolumeClaim \'static-pvc\' asks for volumeMode Block but PersistentVolume \'static-pv\' has volumeMode Filesystem, '
        + 'so the claim never binds to it; set the same volumeMode on both (Filesystem when omitted)',
    }]);
    expect(bindingMismatches(pv({ volumeMode: 'Filesystem' }), pvc())).toEqual([]);
    expect(bindingMismatches(pv({ volumeMode: 'Block' }), pvc({ volumeMode: 'Block' }))).toEqual([]);
  });

  test('BIND-SELECTOR: matchLabels and every matchExpressions operator', () => {
    // GIVEN a volume labelled tier=gold, zone=a
    const volume = pv({}, { labels: { tier: 'gold', zone: 'a' } });
    const sel = (selector: any) => bindingMismatches(volume, pvc({ selector }));
    // WHEN / THEN: matching selectors
    expect(sel({})).toEqual([]);
    expect(sel({ matchLabels: { tier: 'gold' } })).toEqual([]);
    expect(sel({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] })).toEqual([]);
    expect(sel({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['b'] }] })).toEqual([]);
    expect(sel({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['b'] }] })).toEqual([]);
    expect(sel({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] })).toEqual([]);
    expect(sel({ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] })).toEqual([]);
    // non-matching ones, each requirement described
    const labels = { tier: 'gold', zone: 'a' };
    expect(unmatchedSelectorRequirements({ matchLabels: { tier: 'silver' } }, labels)).toEqual(['tier=silver']);
    expect(unmatchedSelectorRequirements({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b', 'c'] }] }, labels)).toEqual(['zone in (b, c)']);
    expect(unmatchedSelectorRequirements({ matchExpressions: [{ key: 'gone', operator: 'In', values: ['a'] }] }, labels)).toEqual(['gone in (a)']);
    expect(unmatchedSelectorRequirements({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels)).toEqual(['zone notin (a)']);
    expect(unmatchedSelectorRequirements({ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }, labels)).toEqual(['disk exists']);
    expect(unmatchedSelectorRequirements({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toEqual(['tier does not exist']);
    expect(unmatchedSelectorRequirements({ matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, labels))
      .toEqual(['tier with unknown operator "Gt"']);
  });

  test('BIND-SELECTOR: message', () => {
    // GIVEN
    const volume = pv({}, { labels: { zone: 'a', tier: 'silver' } });
    const claim = pvc({ selector: { matchLabels: { tier: 'gold' }, matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } });
    // WHEN
    const result = bindingMismatches(volume, claim);
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-SELECTOR',
      field: 'spec.selector',
      message: 'PersistentVolumeClaim \'static-pvc\' selects volumes by labels that PersistentVolume \'static-pv\' does not match '
        + '(tier=gold; ssd exists; the volume has labels tier=silver, zone=a), so the claim never binds to it; '
        + 'add the labels to the volume or change the claim\'s selector',
    }]);
    expect(bindingMismatches(pv(), claim)[0].message).toContain('the volume has no labels');
  });

  test('BIND-CLAIMREF-OTHER: the volume is reserved for another claim', () => {
    // GIVEN / WHEN
    const result = bindingMismatches(pv({ claimRef: { name: 'other-pvc', namespace: 'default' } }), pvc());
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-CLAIMREF-OTHER',
      field: 'metadata.name',
      message: 'PersistentVolume \'static-pv\' is reserved for claim \'other-pvc\' (spec.claimRef.name), not for PersistentVolumeClaim '
        + '\'static-pvc\', so the claim never binds to it; set the volume\'s claimRef.name to \'static-pvc\' or give the claim another volume',
    }]);
  });

  test('BIND-CLAIMREF-OTHER: the claim is in another namespace', () => {
    // GIVEN / WHEN
    const result = bindingMismatches(pv({ claimRef: { name: 'static-pvc', namespace: 'web' } }), pvc({}, { namespace: 'shop' }));
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-CLAIMREF-OTHER',
      field: 'metadata.namespace',
      message: 'PersistentVolume \'static-pv\' is reserved for claim \'static-pvc\' in namespace \'web\' (spec.claimRef.namespace), '
        + 'but PersistentVolumeClaim \'static-pvc\' is in namespace \'shop\', so the claim never binds to it; '
        + 'put the claim in namespace \'web\' or set the volume\'s claimRef.namespace to \'shop\'',
    }]);
    // a claim without a namespace is taken to be in 'default'
    expect(bindingMismatches(pv({ claimRef: { name: 'static-pvc', namespace: 'web' } }), pvc())[0].message)
      .toContain('is in namespace \'default\'');
    expect(bindingMismatches(pv({ claimRef: { name: 'static-pvc', namespace: 'shop' } }), pvc({}, { namespace: 'shop' }))).toEqual([]);
  });

  test('BIND-CLAIMREF-OTHER: a claimRef without namespace matches no claim', () => {
    // GIVEN / WHEN
    const result = bindingMismatches(pv({ claimRef: { name: 'static-pvc' } }), pvc({}, { namespace: 'shop' }));
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-CLAIMREF-OTHER',
      field: 'metadata.namespace',
      message: 'PersistentVolume \'static-pv\' reserves claim \'static-pvc\' without a namespace (spec.claimRef.namespace), which no claim '
        + 'matches, so the claim never binds to it; set the volume\'s claimRef.namespace to \'shop\'',
    }]);
  });

  test('BIND-CLAIMREF-UID: a uid in the claimRef cannot match a claim created from a manifest', () => {
    // GIVEN / WHEN
    const result = bindingMismatches(pv({ claimRef: { name: 'static-pvc', namespace: 'default', uid: 'abc-123' } }), pvc());
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-CLAIMREF-UID',
      field: 'metadata.uid',
      message: 'PersistentVolume \'static-pv\' is reserved for the claim with uid \'abc-123\' (spec.claimRef.uid), which PersistentVolumeClaim '
        + '\'static-pvc\' created from a manifest cannot have, so the claim never binds to it; remove claimRef.uid from the volume',
    }]);
  });

  test('BIND-VOLUMENAME-OTHER: the claim asks for another volume', () => {
    // GIVEN / WHEN
    const result = bindingMismatches(pv(), pvc({ volumeName: 'other-pv' }));
    // THEN
    expect(result).toEqual([{
      rule: 'BIND-VOLUMENAME-OTHER',
      field: 'spec.volumeName',
      message: 'PersistentVolumeClaim \'static-pvc\' asks for PersistentVolume \'other-pv\' (spec.volumeName), not PersistentVolume '
        + '\'static-pv\', so the claim never binds to it; set the claim\'s volumeName to \'static-pv\'',
    }]);
  });

  test('reports every mismatch, in the binder\'s order', () => {
    // GIVEN everything wrong at once
    const volume = pv({ claimRef: { name: 'x', namespace: 'default' } });
    const claim = pvc({
      volumeName: 'y',
      storageClassName: 'fast',
      resources: { requests: { storage: '11Gi' } },
      accessModes: ['ReadOnlyMany'],
      volumeMode: 'Block',
      selector: { matchLabels: { a: 'b' } },
    });
    // WHEN
    const rules = bindingMismatches(volume, claim).map((m) => m.rule);
    // THEN
    expect(rules).toEqual(['BIND-CLAIMREF-OTHER', 'BIND-VOLUMENAME-OTHER', 'BIND-CLASS', 'BIND-SIZE', 'BIND-ACCESSMODES', 'BIND-VOLUMEMODE', 'BIND-SELECTOR']);
  });

  test('tolerates incomplete objects', () => {
    // GIVEN / WHEN / THEN
    expect(() => bindingMismatches({}, {})).not.toThrow();
    expect(bindingMismatches({}, {}).map((m) => m.rule)).toEqual(['BIND-DEFAULT-CLASS']);
    expect(() => bindingMismatches(undefined, null)).not.toThrow();
  });
});
