/**
 * Static PV/PVC pairs the PV binder would never bind (validation-rules.md A.14), with the same
 * rules as the StaticPvWithClaim construct (`src/private/binding.ts`). Cross-object layer.
 */
import { bindingMismatches, storageClassOf } from '../../private/binding';
import { DEFAULT_NAMESPACE } from '../../private/default-namespace';
import { arr, isObj, obj, q, str } from '../core/json';
import { namespaceOf, nameOf } from '../core/objects';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter, SourceDoc } from '../report';
import type { RuleModule } from './module';
import { SetIndex } from './set-index';

const E = Severity.ERROR;
const W = Severity.WARNING;
const H = 'component-helpers storage/volume/pv_helpers.go, release-1.27';
const C = 'pkg/controller/volume/persistentvolume/pv_controller.go, release-1.27';

export const RULES = defineRules({
  'BIND-CLAIMREF-OTHER': { layer: 'cross', severity: E, summary: 'PV reserved (claimRef) for another claim than the one that names it: never binds within the set', fix: 'point the PV\'s claimRef at this claim (name and namespace), or remove it', source: `IsVolumeBoundToClaim (${H}); checkVolumeSatisfyClaim (${C})` },
  'BIND-CLAIMREF-UID': { layer: 'cross', severity: E, summary: 'PV claimRef.uid that a claim created from a manifest cannot have: never binds', fix: 'remove claimRef.uid (the binder fills it in)', source: `IsVolumeBoundToClaim (${H})` },
  'BIND-VOLUMENAME-OTHER': { layer: 'cross', severity: E, summary: 'claim asks (volumeName) for another PV than the one reserved for it: never binds', fix: 'make the claim\'s volumeName and the PV\'s claimRef name each other', source: `syncUnboundClaim (${C})` },
  'BIND-VOLUMENAME-NOTFOUND': { layer: 'cross', severity: W, summary: 'cluster-dependent: claim names (volumeName) a PV not in the set: it stays Pending unless the PV exists in the cluster', fix: 'add the PersistentVolume to the set, or make sure it exists in the cluster', source: `syncUnboundClaim (${C})` },
  'BIND-CLASS': { layer: 'cross', severity: E, summary: 'static PV and its claim have different storage classes: the claim never binds', fix: 'give the PV and the claim the same storageClassName', source: `FindMatchingVolume / checkVolumeSatisfyClaim: GetPersistentVolumeClaimClass (${H})` },
  'BIND-DEFAULT-CLASS': { layer: 'cross', severity: W, summary: 'cluster-dependent: claim omits storageClassName while a classless PV would fit it; where the cluster (or the set) has a default StorageClass, admission sets it and the classless PV never binds', fix: 'set storageClassName: "" on the claim to bind to a classless PV', source: 'DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault, release-1.27) + FindMatchingVolume' },
  'BIND-SIZE': { layer: 'cross', severity: E, summary: 'PV capacity smaller than the claim\'s request: never binds', fix: 'make the PV at least as large as the claim\'s request', source: `FindMatchingVolume (${H})` },
  'BIND-ACCESSMODES': { layer: 'cross', severity: E, summary: 'claim access modes not offered by the PV: never binds', fix: 'offer every access mode the claim asks for on the PV', source: `CheckAccessModes (${H})` },
  'BIND-VOLUMEMODE': { layer: 'cross', severity: E, summary: 'PV and claim volumeMode differ: never binds', fix: 'use the same volumeMode (Filesystem or Block) on both', source: `CheckVolumeModeMismatches (${H})` },
  'BIND-SELECTOR': { layer: 'cross', severity: E, summary: 'claim selector does not match the PV labels: never binds', fix: 'label the PV so that the claim\'s selector matches it', source: `FindMatchingVolume: selector.Matches (${H})` },
  'BIND-NO-PV-NO-CLASS': { layer: 'cross', severity: W, summary: 'cluster-dependent: claim with class "" and no PV in the set that could bind it', fix: 'add a matching PersistentVolume, or name a StorageClass that provisions volumes', source: `syncUnboundClaim (${C})` },
  'BIND-WFFC-UNUSED': { layer: 'cross', severity: W, summary: 'claim of a WaitForFirstConsumer class that no pod in the set uses never binds', fix: 'mount the claim in a pod, or use a class with volumeBindingMode Immediate', source: `syncUnboundClaim: IsDelayBindingMode (${C})` },
});

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

function claimsUsedByPods(r: DocReporter, idx: SetIndex): Set<string> {
  const used = new Set<string>();
  for (const list of idx.byKind.values()) {
    for (const { m } of list) {
      for (const v of arr(r.ctx.podSpecOf(m)?.spec.volumes)) {
        const claim = str(obj(obj(v).persistentVolumeClaim).claimName);
        if (claim) {
          used.add(`${namespaceOf(m)}/${claim}`);
        }
      }
    }
  }
  return used;
}

function binding(r: DocReporter, docs: readonly SourceDoc[]): void {
  const idx = SetIndex.of(r, docs);
  if (idx.all('PersistentVolumeClaim').length === 0) {
    return;
  }
  const pvs = idx.all('PersistentVolume');
  const classes = idx.all('StorageClass');
  const usedClaims = claimsUsedByPods(r, idx);
  for (const { doc, m: pvc } of idx.all('PersistentVolumeClaim')) {
    const rc = r.on(doc);
    const ns = namespaceOf(pvc);
    const name = nameOf(pvc);
    const spec = obj(pvc.spec);
    const volumeName = str(spec.volumeName);
    // The PV this claim is meant for: named by the claim, or reserving the claim.
    let partner = volumeName ? idx.get('PersistentVolume', '', volumeName) : undefined;
    if (!partner) {
      partner = pvs.find(({ m: pv }) => {
        const ref = obj(obj(pv.spec).claimRef);
        return str(ref.name) === name && (str(ref.namespace) || DEFAULT_NAMESPACE) === ns;
      });
    }
    if (volumeName && !idx.get('PersistentVolume', '', volumeName)) {
      rc.add('BIND-VOLUMENAME-NOTFOUND', 'spec.volumeName', `PersistentVolume ${q(volumeName)} is not defined in this set; the claim stays Pending until it exists`);
    }
    if (partner) {
      for (const mm of bindingMismatches(partner.m, pvc)) {
        rc.add(mm.rule, mm.field, mm.message);
      }
      continue;
    }
    if (volumeName) {
      continue;
    }
    const cls = storageClassOf(pvc);
    const classObj = cls === '' ? undefined : idx.get('StorageClass', '', cls);
    if (classObj) {
      if (classObj.m.volumeBindingMode === 'WaitForFirstConsumer' && !usedClaims.has(`${ns}/${name}`)) {
        rc.add('BIND-WFFC-UNUSED', 'spec.storageClassName', `StorageClass ${q(cls)} binds on first use (WaitForFirstConsumer) and no pod in this set mounts the claim, so it stays Pending`);
      }
      continue;
    }
    const free = pvs.filter(({ m: pv }) => !isObj(obj(pv.spec).claimRef));
    const classless = typeof spec.storageClassName !== 'string' && !obj(obj(pvc.metadata).annotations)['volume.beta.kubernetes.io/storage-class'];
    if (classless) {
      // The default class decides: a classless PV that fits otherwise is the intended partner.
      const hasDefault = classes.some(({ m: sc }) => DEFAULT_CLASS_ANNOTATIONS.some((a) => obj(obj(sc.metadata).annotations)[a] === 'true'));
      // ...unless that PV already fits another claim of the set that asks for no class explicitly.
      const claims = idx.all('PersistentVolumeClaim').filter((e) => e.m !== pvc);
      for (const { m: pv } of free.filter(({ m: v }) => !claims.some((c) => bindingMismatches(v, c.m).length === 0))) {
        const mm = bindingMismatches(pv, pvc);
        if (mm.length > 0 && mm.every((x) => x.rule === 'BIND-DEFAULT-CLASS')) {
          rc.add('BIND-DEFAULT-CLASS', mm[0].field, hasDefault
            ? `${mm[0].message} (this set defines a default StorageClass)` : mm[0].message);
          break;
        }
      }
      continue;
    }
    const sameClass = free.filter(({ m: pv }) => storageClassOf(pv) === cls);
    if (sameClass.some(({ m: pv }) => bindingMismatches(pv, pvc).length === 0)) {
      continue;
    }
    if (sameClass.length === 1) {
      for (const mm of bindingMismatches(sameClass[0].m, pvc)) {
        rc.add(mm.rule, mm.field, mm.message);
      }
    } else if (cls === '') {
      rc.add('BIND-NO-PV-NO-CLASS', 'spec.storageClassName', sameClass.length === 0
        ? 'the claim asks for no storage class ("") and no PersistentVolume in this set can bind it: "no persistent volumes available for this claim and no storage class is set"'
        : `none of the ${sameClass.length} classless PersistentVolumes in this set fits the claim`);
    }
  }
}

export const BINDING_MODULE = {
  name: 'binding',
  title: 'Across objects: static PersistentVolume / PersistentVolumeClaim pairs the binder would never bind',
  rules: RULES,
  setChecks: [{ check: binding }],
} as const satisfies RuleModule;
