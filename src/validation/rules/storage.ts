/**
 * PersistentVolume, PersistentVolumeClaim, StorageClass (`ValidatePersistentVolume`,
 * `ValidatePersistentVolumeClaim`, `ValidateStorageClass`).
 */
import { normalizeHostPath } from '../../private/host-paths';
import { dns1123SubdomainErrors, noBackstepsErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { arr, child, goMap, hasOwn, index, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { presentSources } from '../core/volume-sources';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { labelSelector, nameErrors, quantity } from './api-common';
import type { RuleId } from './catalog';
import type { RuleModule } from './module';
import { hostPathSource, nfsSource } from './volumes';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';
const SV = 'pkg/apis/storage/validation, release-1.27';

export const RULES = defineRules({
  'PV-ACCESSMODES': { layer: 'api', severity: E, summary: 'PersistentVolume accessModes empty or unknown', fix: 'list at least one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod', source: `ValidatePersistentVolumeSpec (${V})` },
  'PV-RWOP-EXCLUSIVE': { layer: 'api', severity: E, summary: 'ReadWriteOncePod combined with another access mode', fix: 'use ReadWriteOncePod alone', source: `ValidatePersistentVolumeSpec (${V})` },
  'PV-CAPACITY': { layer: 'api', severity: E, summary: 'PersistentVolume capacity missing, not only storage, or not positive', fix: 'set capacity: {storage: <size>} with a size greater than 0', source: `ValidatePersistentVolumeSpec (${V})` },
  'PV-RECLAIM-ENUM': { layer: 'api', severity: E, summary: 'persistentVolumeReclaimPolicy not Delete/Recycle/Retain', fix: 'use Retain or Delete', source: `ValidatePersistentVolumeSpec (${V})` },
  'PV-VOLUMEMODE': { layer: 'api', severity: E, summary: 'PersistentVolume volumeMode not Block/Filesystem', fix: 'use Filesystem or Block', source: `ValidatePersistentVolumeSpec (${V})` },
  'PV-RECYCLE-HOSTPATH-ROOT': { layer: 'api', severity: E, summary: 'Recycle on a hostPath of \'/\'', fix: 'use Retain, or a hostPath below \'/\'', source: `ValidatePersistentVolumeSpec (${V})` },
  'PV-SOURCE-MAX-ONE': { layer: 'api', severity: E, summary: 'PersistentVolume with more than one source', fix: 'keep one volume source per PersistentVolume', source: `ValidatePersistentVolumeSpec (${V})` },
  'PV-SOURCE-REQUIRED': { layer: 'api', severity: E, summary: 'PersistentVolume without a volume source', fix: 'add a volume source such as nfs, csi, local or hostPath', source: `ValidatePersistentVolumeSpec (${V})` },
  'PV-HOSTPATH': { layer: 'api', severity: E, summary: 'PersistentVolume hostPath path empty or with \'..\'', fix: 'give the hostPath an absolute path without \'..\'', source: `validateHostPathVolumeSource (${V})` },
  'PV-NFS': { layer: 'api', severity: E, summary: 'PersistentVolume nfs server/path missing or path not absolute', fix: 'set nfs.server and an absolute nfs.path', source: `validateNFSVolumeSource (${V})` },
  'PV-LOCAL': { layer: 'api', severity: E, summary: 'local PersistentVolume without path or nodeAffinity', fix: 'set local.path and a nodeAffinity naming the node that has the disk', source: `validateLocalVolumeSource / ValidatePersistentVolumeSpec (${V})` },
  'PV-NODEAFFINITY': { layer: 'api', severity: E, summary: 'PersistentVolume nodeAffinity without required node selector terms', fix: 'set nodeAffinity.required.nodeSelectorTerms', source: `validateVolumeNodeAffinity (${V})` },
  'PV-STORAGECLASS-NAME': { layer: 'api', severity: E, summary: 'PersistentVolume storageClassName is not a DNS-1123 subdomain', fix: 'use the name of a StorageClass, or "" for no class', source: `ValidatePersistentVolumeSpec: ValidateClassName (${V})` },
  'PV-CSI': { layer: 'api', severity: E, summary: 'csi driver or volumeHandle missing/invalid', fix: 'set csi.driver (the driver\'s DNS-1123 name, ≤ 63 characters) and csi.volumeHandle', source: `validateCSIPersistentVolumeSource (${V})` },
  'PVC-ACCESSMODES': { layer: 'api', severity: E, summary: 'PersistentVolumeClaim accessModes empty or unknown', fix: 'list at least one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod', source: `ValidatePersistentVolumeClaimSpec (${V})` },
  'PVC-RWOP-EXCLUSIVE': { layer: 'api', severity: E, summary: 'ReadWriteOncePod combined with another access mode', fix: 'use ReadWriteOncePod alone', source: `ValidatePersistentVolumeClaimSpec (${V})` },
  'PVC-VOLUMEMODE': { layer: 'api', severity: E, summary: 'PersistentVolumeClaim volumeMode not Block/Filesystem', fix: 'use Filesystem or Block', source: `ValidatePersistentVolumeClaimSpec (${V})` },
  'PVC-STORAGE-REQUIRED': { layer: 'api', severity: E, summary: 'PersistentVolumeClaim without resources.requests.storage', fix: 'request a size, e.g. resources.requests.storage: 1Gi', source: `ValidatePersistentVolumeClaimSpec (${V})` },
  'PVC-STORAGE-POSITIVE': { layer: 'api', severity: E, summary: 'PersistentVolumeClaim storage request not greater than zero', fix: 'request a size greater than 0', source: `ValidatePersistentVolumeClaimSpec (${V})` },
  'PVC-DATASOURCE': { layer: 'api', severity: E, summary: 'PVC dataSource/dataSourceRef without name or kind, core group kind other than PersistentVolumeClaim, or the two disagree', fix: 'name the source object with kind (and apiGroup for non-core kinds); keep dataSource and dataSourceRef equal', source: `validateDataSource / validateDataSourceRef (${V})` },
  'PVC-STORAGECLASS-NAME': { layer: 'api', severity: E, summary: 'PersistentVolumeClaim storageClassName is not a DNS-1123 subdomain', fix: 'use the name of a StorageClass, or "" for no class', source: `ValidatePersistentVolumeClaimSpec: ValidateClassName (${V})` },
  'PVC-SELECTOR': { layer: 'api', severity: E, summary: 'PersistentVolumeClaim selector invalid: bad matchLabels, unknown operator, values missing for In/NotIn or set for Exists/DoesNotExist, bad key or value', fix: 'use matchLabels, or matchExpressions with In/NotIn (with values) or Exists/DoesNotExist (without)', source: 'ValidateLabelSelector (k8s.io/apimachinery/pkg/apis/meta/v1/validation, release-1.27)' },
  'SC-PROVISIONER': { layer: 'api', severity: E, summary: 'StorageClass provisioner missing or not a qualified name', fix: 'set provisioner to the driver\'s name, e.g. ebs.csi.aws.com', source: `ValidateStorageClass (${SV})` },
  'SC-PARAMS': { layer: 'api', severity: E, summary: 'StorageClass parameters: too many, empty key, or too large', fix: 'use at most 512 parameters with non-empty keys, 256 KiB in total', source: `validateParameters (${SV})` },
  'SC-RECLAIM-ENUM': { layer: 'api', severity: E, summary: 'StorageClass reclaimPolicy not Delete/Retain (Recycle is rejected)', fix: 'use Delete or Retain', source: `validateReclaimPolicy (${SV})` },
  'SC-BINDINGMODE-ENUM': { layer: 'api', severity: E, summary: 'volumeBindingMode not Immediate/WaitForFirstConsumer', fix: 'use Immediate or WaitForFirstConsumer', source: `validateVolumeBindingMode (${SV})` },
  'SC-ALLOWEDTOPOLOGIES': { layer: 'api', severity: E, summary: 'StorageClass allowedTopologies: expression without values, repeated value or key, key not a qualified name, empty or repeated term', fix: 'give every term expressions with a qualified-name key used once and distinct values; no repeated terms', source: `validateAllowedTopologies (${SV}) + ValidateTopologySelectorTerm (${V})` },
});

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function accessModes(r: DocReporter, modes: unknown, p: string, rule: RuleId, rwopRule: RuleId, requiredMsg: string): void {
  const list = arr(modes);
  if (list.length === 0) {
    if (requiredMsg === 'Required value') {
      r.required(rule, p);
    } else {
      r.add(rule, p, requiredMsg);
    }
    return;
  }
  for (const m of list) {
    if (typeof m === 'string' && !ACCESS_MODES.includes(m)) {
      r.add(rule, p, `Unsupported value: ${q(m)}: supported values: ${ACCESS_MODES.map((x) => q(x)).join(', ')}`);
    }
  }
  if (list.includes('ReadWriteOncePod') && list.length > 1) {
    r.add(rwopRule, p, 'Forbidden: may not use ReadWriteOncePod with other access modes');
  }
}

function storageClassName(r: DocReporter, spec: Record<string, any>, p: string, rule: RuleId): void {
  const cls = str(spec.storageClassName);
  if (cls !== undefined && cls !== '') {
    for (const e of nameErrors(r, dns1123SubdomainErrors, cls)) {
      r.add(rule, child(p, 'storageClassName'), `Invalid value: ${q(cls)}: ${e}`);
    }
  }
}

/** The rule ids a claim spec is reported under: a PersistentVolumeClaim's own, or one id for a claim template. */
export interface ClaimSpecRules {
  readonly accessModes: RuleId;
  readonly rwop: RuleId;
  readonly storageRequired: RuleId;
  readonly storagePositive: RuleId;
  readonly className: RuleId;
  readonly selector: RuleId;
  /** The fix of a missing storage request (default: the rule's). */
  readonly storageRequiredFix?: string;
}

/**
 * `ValidatePersistentVolumeClaimSpec` (1.27) of the claim spec at `p`: access modes given and known
 * (ReadWriteOncePod alone), a positive storage request (reported at `p.resources[storage]`, as the
 * API server does), a DNS-1123 subdomain storageClassName, a valid selector. For PVCs, and for the
 * claim templates of StatefulSets and ephemeral volumes.
 */
export function claimSpec(r: DocReporter, spec: Record<string, any>, p: string, rules: ClaimSpecRules): void {
  accessModes(r, spec.accessModes, child(p, 'accessModes'), rules.accessModes, rules.rwop, 'Required value: at least 1 access mode is required');
  const requests = obj(obj(spec.resources).requests);
  const storage = hasOwn(requests, 'storage') ? requests.storage : undefined;
  const text = typeof storage === 'number' ? String(storage) : str(storage);
  const sp = `${child(p, 'resources')}[storage]`;
  if (storage === undefined || storage === null) {
    r.required(rules.storageRequired, sp, rules.storageRequiredFix);
  } else if (text !== undefined) {
    const sq = quantity(r, text);
    if (sq && sq.num <= 0n) {
      r.add(rules.storagePositive, sp, `Invalid value: ${q(text)}: must be greater than zero`);
    }
  }
  storageClassName(r, spec, p, rules.className);
  labelSelector(r, spec.selector, child(p, 'selector'), rules.selector);
}

function persistentVolume(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  accessModes(r, spec.accessModes, 'spec.accessModes', 'PV-ACCESSMODES', 'PV-RWOP-EXCLUSIVE', 'Required value');
  const capacity = obj(spec.capacity);
  const keys = Object.keys(capacity);
  if (keys.length === 0) {
    r.required('PV-CAPACITY', 'spec.capacity');
  } else if (keys.length > 1 || keys[0] !== 'storage') {
    r.add('PV-CAPACITY', 'spec.capacity', `Unsupported value: ${goMap(capacity)}: supported values: "storage"`);
  }
  const storage = capacity.storage;
  const storageText = typeof storage === 'number' ? String(storage) : str(storage);
  const sq = storageText === undefined ? undefined : quantity(r, storageText);
  if (sq && sq.num <= 0n) {
    r.add('PV-CAPACITY', 'spec.capacity[storage]', `Invalid value: ${q(storageText)}: must be greater than zero`);
  }
  const sources = presentSources(spec, 'pv');
  if (sources.length === 0) {
    r.add('PV-SOURCE-REQUIRED', 'spec', 'Required value: must specify a volume type');
  }
  for (const extra of sources.slice(1)) {
    r.add('PV-SOURCE-MAX-ONE', child('spec', extra), 'Forbidden: may not specify more than 1 volume type');
  }
  if (isObj(spec.hostPath)) {
    hostPathSource(r, spec.hostPath, 'spec.hostPath', 'PV-HOSTPATH');
    const hp = str(spec.hostPath.path);
    if (spec.persistentVolumeReclaimPolicy === 'Recycle' && hp !== undefined && hp !== '' && normalizeHostPath(hp) === '/') {
      r.add('PV-RECYCLE-HOSTPATH-ROOT', 'spec.persistentVolumeReclaimPolicy', 'Forbidden: may not be \'recycle\' for a hostPath mount of \'/\'');
    }
  }
  if (isObj(spec.nfs)) {
    nfsSource(r, spec.nfs, 'spec.nfs', 'PV-NFS', 'PV-NFS');
  }
  if (isObj(spec.local)) {
    const lp = str(spec.local.path);
    if (lp === '') {
      r.required('PV-LOCAL', 'spec.local.path');
    } else if (lp !== undefined) {
      for (const e of noBackstepsErrors(lp)) {
        r.add('PV-LOCAL', 'spec.local.path', `Invalid value: ${q(lp)}: ${e}`);
      }
    }
    if (!isObj(spec.nodeAffinity)) {
      r.add('PV-LOCAL', 'spec.nodeAffinity', 'Required value: Local volume requires node affinity');
    }
  }
  if (isObj(spec.nodeAffinity)) {
    const req = spec.nodeAffinity.required;
    if (!isObj(req)) {
      r.add('PV-NODEAFFINITY', 'spec.nodeAffinity.required', 'Required value: must specify required node constraints');
    } else if (arr(req.nodeSelectorTerms).length === 0) {
      r.add('PV-NODEAFFINITY', 'spec.nodeAffinity.required.nodeSelectorTerms', 'Required value: must have at least one node selector term');
    }
  }
  if (isObj(spec.csi)) {
    const driver = str(spec.csi.driver) ?? '';
    if (driver === '') {
      r.required('PV-CSI', 'spec.csi.driver');
    } else {
      if (driver.length > 63) {
        r.add('PV-CSI', 'spec.csi.driver', 'Too long: must have at most 63 bytes');
      }
      for (const e of dns1123SubdomainErrors(driver.toLowerCase())) {
        r.add('PV-CSI', 'spec.csi.driver', `Invalid value: ${q(driver)}: ${e}`);
      }
    }
    if ((str(spec.csi.volumeHandle) ?? '') === '') {
      r.required('PV-CSI', 'spec.csi.volumeHandle');
    }
  }
  storageClassName(r, spec, 'spec', 'PV-STORAGECLASS-NAME');
}

/** `validateDataSource` / `validateDataSourceRef` and their agreement. */
function dataSource(r: DocReporter, spec: Record<string, any>): void {
  for (const field of ['dataSource', 'dataSourceRef']) {
    const ds = spec[field];
    if (!isObj(ds)) {
      continue;
    }
    const fp = `spec.${field}`;
    if ((str(ds.name) ?? '') === '') {
      r.required('PVC-DATASOURCE', child(fp, 'name'));
    }
    const kind = str(ds.kind) ?? '';
    if (kind === '') {
      r.required('PVC-DATASOURCE', child(fp, 'kind'));
    }
    if ((str(ds.apiGroup) ?? '') === '' && kind !== '' && kind !== 'PersistentVolumeClaim') {
      r.add('PVC-DATASOURCE', fp, `Invalid value: ${q(kind)}: must be 'PersistentVolumeClaim' when referencing the default apiGroup`);
    }
  }
  const a = spec.dataSource;
  const b = spec.dataSourceRef;
  if (isObj(a) && isObj(b) && b.namespace === undefined
    && (a.name !== b.name || a.kind !== b.kind || (a.apiGroup ?? '') !== (b.apiGroup ?? ''))) {
    r.add('PVC-DATASOURCE', 'spec', `Invalid value: ${JSON.stringify(a)}: must match dataSourceRef`);
  }
}

function persistentVolumeClaim(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  claimSpec(r, spec, 'spec', {
    accessModes: 'PVC-ACCESSMODES',
    rwop: 'PVC-RWOP-EXCLUSIVE',
    storageRequired: 'PVC-STORAGE-REQUIRED',
    storagePositive: 'PVC-STORAGE-POSITIVE',
    className: 'PVC-STORAGECLASS-NAME',
    selector: 'PVC-SELECTOR',
  });
  dataSource(r, spec);
}

/** One topology term as the API server compares them: label key → set of values. */
type TopologyTerm = Map<string, Set<string>>;

function sameTerm(a: TopologyTerm, b: TopologyTerm): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const [k, va] of a) {
    const vb = b.get(k);
    if (!vb || vb.size !== va.size || [...va].some((v) => !vb.has(v))) {
      return false;
    }
  }
  return true;
}

/**
 * sv.go `validateAllowedTopologies` + v.go `ValidateTopologySelectorTerm`: each expression needs
 * values (no repeats) and a qualified-name key used once per term; no term may equal an earlier one
 * (compared as key → value sets). Quirk kept: the API server seeds its list of seen terms with empty
 * maps and compares "semantically" (empty == nil), so a term without expressions is always a duplicate.
 */
function allowedTopologies(r: DocReporter, list: unknown): void {
  const seen: TopologyTerm[] = [];
  arr(list).forEach((t, i) => {
    if (!isObj(t)) {
      return;
    }
    const ep = child(index('allowedTopologies', i), 'matchLabelExpressions');
    const term: TopologyTerm = new Map();
    arr(t.matchLabelExpressions).forEach((e, j) => {
      if (!isObj(e)) {
        return;
      }
      const xp = index(ep, j);
      const vp = child(xp, 'values');
      const values = arr(e.values);
      if (values.length === 0) {
        r.required('SC-ALLOWEDTOPOLOGIES', vp, 'list at least one value for the key');
      }
      const set = new Set<string>();
      values.forEach((v, k) => {
        if (typeof v !== 'string') {
          return;
        }
        if (set.has(v)) {
          r.add('SC-ALLOWEDTOPOLOGIES', index(vp, k), `Duplicate value: ${q(v)}`);
        }
        set.add(v);
      });
      const key = e.key ?? '';
      if (typeof key !== 'string') {
        return;
      }
      for (const m of nameErrors(r, qualifiedNameErrors, key)) {
        r.add('SC-ALLOWEDTOPOLOGIES', child(xp, 'key'), `Invalid value: ${q(key)}: ${m}`);
      }
      if (term.has(key)) {
        r.add('SC-ALLOWEDTOPOLOGIES', child(xp, 'key'), `Duplicate value: ${q(key)}`, 'list all values of a key in one expression');
      }
      term.set(key, set);
    });
    if (term.size === 0 || seen.some((s) => sameTerm(s, term))) {
      r.add('SC-ALLOWEDTOPOLOGIES', ep, 'Duplicate value: ""', term.size === 0
        ? 'give the term at least one matchLabelExpressions entry (the API server rejects an empty term as a duplicate)'
        : 'remove the repeated term (terms are compared as sets of values per key, in any order)');
    }
    seen.push(term);
  });
}

function storageClass(r: DocReporter, m: any): void {
  const prov = str(m.provisioner);
  if (prov === '') {
    r.required('SC-PROVISIONER', 'provisioner');
  } else if (prov !== undefined) {
    for (const e of qualifiedNameErrors(prov.toLowerCase())) {
      r.add('SC-PROVISIONER', 'provisioner', `Invalid value: ${q(prov)}: ${e}`);
    }
  }
  if (isObj(m.parameters)) {
    const entries = Object.entries(m.parameters);
    if (entries.length > 512) {
      r.add('SC-PARAMS', 'parameters', 'Too long: must have at most 512 bytes');
    } else {
      let size = 0;
      for (const [k, v] of entries) {
        if (k === '') {
          r.add('SC-PARAMS', 'parameters', 'Invalid value: "": field can not be empty.');
        }
        size += k.length + (typeof v === 'string' ? v.length : 0);
      }
      if (size > 256 * 1024) {
        r.add('SC-PARAMS', 'parameters', `Too long: must have at most ${256 * 1024} bytes`);
      }
    }
  }
  if (m.reclaimPolicy === 'Recycle') {
    r.add('SC-RECLAIM-ENUM', 'reclaimPolicy', 'Unsupported value: "Recycle": supported values: "Delete", "Retain"');
  }
  allowedTopologies(r, m.allowedTopologies);
}

export const STORAGE_MODULE = {
  name: 'storage',
  title: 'PersistentVolume, PersistentVolumeClaim, StorageClass',
  rules: RULES,
  checks: [
    { kinds: ['PersistentVolume'], check: persistentVolume },
    { kinds: ['PersistentVolumeClaim'], check: persistentVolumeClaim },
    { kinds: ['StorageClass'], check: storageClass },
  ],
} as const satisfies RuleModule;
