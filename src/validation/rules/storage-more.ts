/**
 * CSIDriver, CSINode and VolumeAttachment (storage.k8s.io/v1), after `ValidateCSIDriver`,
 * `ValidateCSINode` and `ValidateVolumeAttachment` / `ValidateVolumeAttachmentV1` of
 * pkg/apis/storage/validation (release-1.27). Names of the objects are the metadata module's.
 */
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { arr, child, index, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { notSupported, servedAs } from './builtin-helpers';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const SRC = 'pkg/apis/storage/validation, release-1.27';

export const RULES = defineRules({
  'CSIDRIVER-LIFECYCLE-MODES': {
    layer: 'api',
    severity: E,
    summary: 'CSIDriver volumeLifecycleModes entry other than Persistent or Ephemeral',
    fix: 'use Persistent and/or Ephemeral',
    source: `validateVolumeLifecycleModes (${SRC})`,
  },
  'CSIDRIVER-FSGROUPPOLICY': {
    layer: 'api',
    severity: E,
    summary: 'CSIDriver fsGroupPolicy other than ReadWriteOnceWithFSType, File or None',
    fix: 'use ReadWriteOnceWithFSType (the default), File or None',
    source: `validateFSGroupPolicy (${SRC})`,
  },
  'CSIDRIVER-TOKEN-REQUESTS': {
    layer: 'api',
    severity: E,
    summary: 'CSIDriver tokenRequests with a duplicate audience, or expirationSeconds under 600 or over 2^32',
    fix: 'list each audience once, with expirationSeconds of at least 600 (10 minutes)',
    source: `validateTokenRequests (${SRC})`,
  },
  'CSINODE-DRIVER': {
    layer: 'api',
    severity: E,
    summary: 'CSINode driver with an invalid or duplicate name, a missing or too long nodeID, a negative allocatable count, or bad topology keys',
    fix: 'CSINode objects are written by the kubelet; fix the driver entry or let the kubelet create it',
    source: `validateCSINodeDriver (${SRC})`,
  },
  'VA-ATTACHER': {
    layer: 'api',
    severity: E,
    summary: 'VolumeAttachment spec.attacher missing or not a CSI driver name (DNS-1123 subdomain, at most 63 characters)',
    fix: 'set spec.attacher to the CSI driver\'s name',
    source: `validateAttacher / ValidateVolumeAttachmentV1 (${SRC})`,
  },
  'VA-SOURCE': {
    layer: 'api',
    severity: E,
    summary: 'VolumeAttachment spec.source with neither or both of persistentVolumeName and inlineVolumeSpec, or an invalid PV name',
    fix: 'set exactly one of source.persistentVolumeName and source.inlineVolumeSpec',
    source: `validateVolumeAttachmentSource (${SRC})`,
  },
  'VA-NODENAME': {
    layer: 'api',
    severity: E,
    summary: 'VolumeAttachment spec.nodeName missing or not a DNS-1123 subdomain',
    fix: 'set spec.nodeName to the Node\'s name',
    source: `validateNodeName (${SRC})`,
  },
});

/** `ValidateCSIDriverName` (pkg/apis/core/validation): required, at most 63, a subdomain once lower-cased. */
function csiDriverNameErrors(name: string): string[] {
  if (name.length === 0) {
    return ['Required value'];
  }
  const errs: string[] = [];
  if (name.length > 63) {
    errs.push('Too long: must have at most 63 bytes');
  }
  for (const msg of dns1123SubdomainErrors(name.toLowerCase())) {
    errs.push(`Invalid value: ${q(name)}: ${msg}`);
  }
  return errs;
}

const FS_GROUP_POLICIES = ['File', 'None', 'ReadWriteOnceWithFSType'];

function csiDriver(r: DocReporter, m: any): void {
  if (!servedAs(m, 'storage.k8s.io/v1')) {
    return;
  }
  const spec = obj(m.spec);
  const fsGroupPolicy = spec.fsGroupPolicy;
  if (typeof fsGroupPolicy === 'string' && !FS_GROUP_POLICIES.includes(fsGroupPolicy)) {
    r.add('CSIDRIVER-FSGROUPPOLICY', 'spec.fsGroupPolicy', notSupported(fsGroupPolicy, FS_GROUP_POLICIES));
  }
  for (const mode of arr(spec.volumeLifecycleModes)) {
    if (typeof mode === 'string' && mode !== 'Persistent' && mode !== 'Ephemeral') {
      r.add('CSIDRIVER-LIFECYCLE-MODES', 'spec.volumeLifecycleModes', notSupported(mode, ['Persistent', 'Ephemeral']));
    }
  }
  const audiences = new Set<string>();
  arr(spec.tokenRequests).forEach((tr, i) => {
    if (!isObj(tr)) {
      return;
    }
    const p = index('spec.tokenRequests', i);
    const audience = str(tr.audience) ?? '';
    if (audiences.has(audience)) {
      r.add('CSIDRIVER-TOKEN-REQUESTS', child(p, 'audience'), `Duplicate value: ${q(audience)}`);
      return;
    }
    audiences.add(audience);
    const exp = tr.expirationSeconds;
    if (typeof exp !== 'number') {
      return;
    }
    if (exp < 600) {
      r.add('CSIDRIVER-TOKEN-REQUESTS', child(p, 'expirationSeconds'), `Invalid value: ${exp}: may not specify a duration less than 10 minutes`);
    }
    if (exp > 2 ** 32) {
      r.add('CSIDRIVER-TOKEN-REQUESTS', child(p, 'expirationSeconds'), `Invalid value: ${exp}: may not specify a duration larger than 2^32 seconds`);
    }
  });
}

function csiNode(r: DocReporter, m: any): void {
  if (!servedAs(m, 'storage.k8s.io/v1')) {
    return;
  }
  const names = new Set<string>();
  arr(obj(m.spec).drivers).forEach((d, i) => {
    if (!isObj(d)) {
      return;
    }
    const p = index('spec.drivers', i);
    const name = str(d.name) ?? '';
    for (const msg of csiDriverNameErrors(name)) {
      r.add('CSINODE-DRIVER', child(p, 'name'), msg);
    }
    const nodeID = str(d.nodeID) ?? '';
    if (nodeID.length === 0) {
      r.add('CSINODE-DRIVER', child(p, 'nodeID'), 'Required value');
    } else if (nodeID.length > 256) {
      r.add('CSINODE-DRIVER', child(p, 'nodeID'), `Invalid value: ${q(nodeID)}: must be 256 characters or less`);
    }
    const count = obj(d.allocatable).count;
    if (typeof count === 'number' && count < 0) {
      r.add('CSINODE-DRIVER', child(child(p, 'allocatable'), 'count'), `Invalid value: ${count}: must be greater than or equal to 0`);
    }
    if (names.has(name)) {
      r.add('CSINODE-DRIVER', child(p, 'name'), `Duplicate value: ${q(name)}`);
    }
    names.add(name);
    const keys = new Set<string>();
    for (const key of arr(d.topologyKeys)) {
      if (typeof key !== 'string') {
        continue;
      }
      if (key.length === 0) {
        r.add('CSINODE-DRIVER', p, 'Required value');
      }
      if (keys.has(key)) {
        r.add('CSINODE-DRIVER', p, `Duplicate value: ${q(key)}`);
      }
      keys.add(key);
      for (const msg of qualifiedNameErrors(key)) {
        r.add('CSINODE-DRIVER', p, `Invalid value: ${q(key)}: ${msg}`);
      }
    }
  });
}

function volumeAttachment(r: DocReporter, m: any): void {
  if (!servedAs(m, 'storage.k8s.io/v1')) {
    return;
  }
  const spec = obj(m.spec);
  const attacher = str(spec.attacher) ?? '';
  for (const msg of csiDriverNameErrors(attacher)) {
    r.add('VA-ATTACHER', 'spec.attacher', msg);
  }
  const source = obj(spec.source);
  const pvName = source.persistentVolumeName;
  const inline = source.inlineVolumeSpec;
  const hasPv = typeof pvName === 'string';
  const hasInline = isObj(inline);
  if (!hasPv && !hasInline) {
    r.add('VA-SOURCE', 'spec.source', 'Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName');
  } else if (hasPv && hasInline) {
    r.add('VA-SOURCE', 'spec.source', 'Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName');
  } else if (hasPv && pvName.length === 0) {
    r.add('VA-SOURCE', 'spec.source.persistentVolumeName', 'Required value: must specify non empty persistentVolumeName');
  } else if (hasPv) {
    for (const msg of dns1123SubdomainErrors(pvName)) {
      r.add('VA-SOURCE', 'spec.source.persistentVolumeName', `Invalid value: ${q(pvName)}: ${msg}`);
    }
  }
  const nodeName = str(spec.nodeName) ?? '';
  if (nodeName.length === 0) {
    r.add('VA-NODENAME', 'spec.nodeName', 'Required value');
  } else {
    for (const msg of dns1123SubdomainErrors(nodeName)) {
      r.add('VA-NODENAME', 'spec.nodeName', `Invalid value: ${q(nodeName)}: ${msg}`);
    }
  }
}

export const STORAGE_MORE_MODULE = {
  name: 'storage-csi',
  title: 'CSIDriver, CSINode and VolumeAttachment (storage.k8s.io/v1)',
  rules: RULES,
  checks: [
    { kinds: ['CSIDriver'], check: csiDriver },
    { kinds: ['CSINode'], check: csiNode },
    { kinds: ['VolumeAttachment'], check: volumeAttachment },
  ],
} satisfies RuleModule;
