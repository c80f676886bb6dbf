import { DEFAULT_NAMESPACE } from './default-namespace';
import { compareQuantities, parseQuantity } from './quantity';

/**
 * The PV binder's matching rules (validation-rules.md A.14), written from
 * `kubernetes/component-helpers@v0.27.16` `storage/volume/pv_helpers.go` (`FindMatchingVolume`,
 * `CheckVolumeModeMismatches`, `CheckAccessModes`, `GetPersistentVolumeClaimClass`,
 * `GetPersistentVolumeClass`, `IsVolumeBoundToClaim`) and `pv_controller.go`
 * (`checkVolumeSatisfyClaim`, `syncUnboundClaim`).
 *
 * Works on plain manifest JSON (what `ApiObject.toJson()` or a parsed YAML document gives), so the
 * storage constructs (which throw) and the manifest validator (which reports) share one
 * implementation and one wording.
 */

/** The rule ids (validation-rules.md A.14) a mismatch can carry; each is in the validator's catalog. */
export const BINDING_RULES = [
  'BIND-CLAIMREF-OTHER', 'BIND-CLAIMREF-UID', 'BIND-VOLUMENAME-OTHER', 'BIND-CLASS', 'BIND-DEFAULT-CLASS',
  'BIND-SIZE', 'BIND-ACCESSMODES', 'BIND-VOLUMEMODE', 'BIND-SELECTOR',
] as const;

/** One of `BINDING_RULES`. */
export type BindingRule = typeof BINDING_RULES[number];

/** One reason why a claim would never bind to a volume. */
export interface BindingMismatch {
  /** The rule id, as reported by the validator's cross-object layer. */
  readonly rule: BindingRule;
  /** The path in the PVC the mismatch is about, e.g. 'spec.storageClassName'. */
  readonly field: string;
  /** What is wrong, naming both objects, and the fix (no trailing period). */
  readonly message: string;
}

/** Annotation that takes precedence over `spec.storageClassName` (both on PVs and PVCs). */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';


/** `GetPersistentVolumeClaimClass` / `GetPersistentVolumeClass`: annotation, else spec, else "". */
export function storageClassOf(obj: any): string {
  const annotations = obj?.metadata?.annotations ?? {};
  if (typeof annotations[BETA_STORAGE_CLASS_ANNOTATION] === 'string') {
    return annotations[BETA_STORAGE_CLASS_ANNOTATION];
  }
  const cls = obj?.spec?.storageClassName;
  return typeof cls === 'string' ? cls : '';
}

function hasClassAnnotation(obj: any): boolean {
  return typeof obj?.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] === 'string';
}

function showClass(cls: string): string {
  return cls === '' ? '"" (no class)' : `'${cls}'`;
}

function volumeModeOf(obj: any): string {
  return typeof obj?.spec?.volumeMode === 'string' ? obj.spec.volumeMode : 'Filesystem';
}

function modesOf(obj: any): string[] {
  const modes = obj?.spec?.accessModes;
  return Array.isArray(modes) ? modes.map((m: unknown) => String(m)) : [];
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/**
 * Evaluates one selector requirement against a label set (apimachinery `labels.Requirement.Matches`).
 * Returns a description of the requirement when it does not match, undefined when it does.
 */
function failedRequirement(expr: any, labels: Record<string, string>): string | undefined {
  const key = String(expr?.key ?? '');
  const values: string[] = Array.isArray(expr?.values) ? expr.values.map((v: unknown) => String(v)) : [];
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const list = `(${values.join(', ')})`;
  switch (expr?.operator) {
    case 'In':
      return has && values.includes(labels[key]) ? undefined : `${key} in ${list}`;
    case 'NotIn':
      return !has || !values.includes(labels[key]) ? undefined : `${key} notin ${list}`;
    case 'Exists':
      return has ? undefined : `${key} exists`;
    case 'DoesNotExist':
      return has ? `${key} does not exist` : undefined;
    default:
      return `${key} with unknown operator ${JSON.stringify(expr?.operator)}`;
  }
}

/**
 * The requirements of a claim's `spec.selector` that a volume's labels do not satisfy (empty when
 * the selector matches, or when there is none: an empty selector matches every volume).
 */
export function unmatchedSelectorRequirements(selector: any, labels: Record<string, string>): string[] {
  if (!selector || typeof selector !== 'object') {
    return [];
  }
  const failed: string[] = [];
  const matchLabels: Record<string, unknown> = selector.matchLabels ?? {};
  for (const key of Object.keys(matchLabels).sort()) {
    const want = String(matchLabels[key]);
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== want) {
      failed.push(`${key}=${want}`);
    }
  }
  const exprs: any[] = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const expr of exprs) {
    const f = failedRequirement(expr, labels);
    if (f !== undefined) {
      failed.push(f);
    }
  }
  return failed;
}

/**
 * Every reason why the PVC `pvc` would never bind to the PV `pv` (empty when it would), in the order
 * the binder checks them. Both arguments are plain manifest JSON.
 *
 * Call it for a pair that is meant to bind (the PVC names the PV in `spec.volumeName`, or the PV names
 * the PVC in `spec.claimRef`, or the user says so): for an arbitrary pair, a mismatch just means
 * "this claim will bind elsewhere".
 *
 * A claim without `metadata.namespace` is taken to live in 'default'. Quantities are compared
 * exactly (`1Gi` = `1073741824`). A claim that omits `storageClassName` against a classless PV is
 * reported as BIND-DEFAULT-CLASS: it only binds in a cluster without a default StorageClass.
 */
export function bindingMismatches(pv: any, pvc: any): BindingMismatch[] {
  const out: BindingMismatch[] = [];
  const pvName = String(pv?.metadata?.name ?? '');
  const pvcName = String(pvc?.metadata?.name ?? '');
  const pvcNamespace = String(pvc?.metadata?.namespace ?? DEFAULT_NAMESPACE);
  const thePv = `PersistentVolume '${pvName}'`;
  const thePvc = `PersistentVolumeClaim '${pvcName}'`;
  const never = 'so the claim never binds to it';

  // BIND-CLAIMREF-OTHER / BIND-CLAIMREF-UID: IsVolumeBoundToClaim
  const claimRef = pv?.spec?.claimRef;
  if (claimRef && typeof claimRef === 'object') {
    const refName = String(claimRef.name ?? '');
    const refNamespace = claimRef.namespace === undefined ? undefined : String(claimRef.namespace);
    if (refName !== pvcName) {
      out.push({
        rule: 'BIND-CLAIMREF-OTHER',
        field: 'metadata.name',
        message: `${thePv} is reserved for claim '${refName}' (spec.claimRef.name), not for ${thePvc}, ${never}; `
          + `set the volume's claimRef.name to '${pvcName}' or give the claim another volume`,
      });
    } else if (refNamespace === undefined || refNamespace === '') {
      out.push({
        rule: 'BIND-CLAIMREF-OTHER',
        field: 'metadata.namespace',
        message: `${thePv} reserves claim '${refName}' without a namespace (spec.claimRef.namespace), which no claim matches, ${never}; `
          + `set the volume's claimRef.namespace to '${pvcNamespace}'`,
      });
    } else if (refNamespace !== pvcNamespace) {
      out.push({
        rule: 'BIND-CLAIMREF-OTHER',
        field: 'metadata.namespace',
        message: `${thePv} is reserved for claim '${refName}' in namespace '${refNamespace}' (spec.claimRef.namespace), `
          + `but ${thePvc} is in namespace '${pvcNamespace}', ${never}; put the claim in namespace '${refNamespace}' `
          + `or set the volume's claimRef.namespace to '${pvcNamespace}'`,
      });
    }
    if (claimRef.uid !== undefined && claimRef.uid !== '' && claimRef.uid !== pvc?.metadata?.uid) {
      out.push({
        rule: 'BIND-CLAIMREF-UID',
        field: 'metadata.uid',
        message: `${thePv} is reserved for the claim with uid '${claimRef.uid}' (spec.claimRef.uid), which ${thePvc} `
          + `created from a manifest cannot have, ${never}; remove claimRef.uid from the volume`,
      });
    }
  }

  // BIND-VOLUMENAME-OTHER: syncUnboundClaim only looks at the volume the claim names
  const volumeName = pvc?.spec?.volumeName;
  if (typeof volumeName === 'string' && volumeName !== '' && volumeName !== pvName) {
    out.push({
      rule: 'BIND-VOLUMENAME-OTHER',
      field: 'spec.volumeName',
      message: `${thePvc} asks for PersistentVolume '${volumeName}' (spec.volumeName), not ${thePv}, ${never}; `
        + `set the claim's volumeName to '${pvName}'`,
    });
  }

  // BIND-CLASS / BIND-DEFAULT-CLASS: GetPersistentVolumeClaimClass vs GetPersistentVolumeClass
  const pvClass = storageClassOf(pv);
  const pvcClass = storageClassOf(pvc);
  const classField = hasClassAnnotation(pvc) ? `metadata.annotations[${BETA_STORAGE_CLASS_ANNOTATION}]` : 'spec.storageClassName';
  if (pvClass !== pvcClass) {
    out.push({
      rule: 'BIND-CLASS',
      field: classField,
      message: `${thePvc} asks for storage class ${showClass(pvcClass)} but ${thePv} has storage class ${showClass(pvClass)}, `
        + `${never}; set the same storageClassName on both`,
    });
  } else if (pvClass === '' && !hasClassAnnotation(pvc) && typeof pvc?.spec?.storageClassName !== 'string') {
    out.push({
      rule: 'BIND-DEFAULT-CLASS',
      field: 'spec.storageClassName',
      message: `${thePvc} omits storageClassName while ${thePv} has no class: in a cluster with a default StorageClass, `
        + `admission writes that class into the claim, ${never}; set storageClassName: "" on the claim`,
    });
  }

  // BIND-SIZE: capacity.storage >= requests.storage
  const capacityText = pv?.spec?.capacity?.storage;
  const requestText = pvc?.spec?.resources?.requests?.storage;
  const capacity = capacityText === undefined ? undefined : parseQuantity(String(capacityText));
  const request = requestText === undefined ? undefined : parseQuantity(String(requestText));
  if (capacity && request && compareQuantities(capacity, request) < 0) {
    out.push({
      rule: 'BIND-SIZE',
      field: 'spec.resources.requests.storage',
      message: `${thePvc} requests ${request.text} of storage but ${thePv} has a capacity of ${capacity.text}, ${never}; `
        + `request at most ${capacity.text} or raise the volume's capacity`,
    });
  }

  // BIND-ACCESSMODES: CheckAccessModes (claim modes ⊆ volume modes)
  const pvModes = modesOf(pv);
  const missing = modesOf(pvc).filter((m) => !pvModes.includes(m));
  if (missing.length > 0) {
    const offers = pvModes.length === 0 ? 'none' : pvModes.join(', ');
    out.push({
      rule: 'BIND-ACCESSMODES',
      field: 'spec.accessModes',
      message: `${thePvc} asks for ${plural(missing.length, 'access mode')} ${missing.join(', ')}, which ${thePv} does not offer `
        + `(it offers ${offers}), ${never}; request only access modes the volume offers`,
    });
  }

  // BIND-VOLUMEMODE: CheckVolumeModeMismatches (both default to Filesystem)
  const pvMode = volumeModeOf(pv);
  const pvcMode = volumeModeOf(pvc);
  if (pvMode !== pvcMode) {
    out.push({
      rule: 'BIND-VOLUMEMODE',
      field: 'spec.volumeMode',
      message: `${thePvc} asks for volumeMode ${pvcMode} but ${thePv} has volumeMode ${pvMode}, ${never}; `
        + 'set the same volumeMode on both (Filesystem when omitted)',
    });
  }

  // BIND-SELECTOR: claim selector vs volume labels
  // Object.fromEntries defines own properties, so keys such as '__proto__' are kept as labels.
  const labels: Record<string, string> = Object.fromEntries(Object.entries(pv?.metadata?.labels ?? {}).map(([k, v]) => [k, String(v)]));
  const failed = unmatchedSelectorRequirements(pvc?.spec?.selector, labels);
  if (failed.length > 0) {
    const shown = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(', ');
    out.push({
      rule: 'BIND-SELECTOR',
      field: 'spec.selector',
      message: `${thePvc} selects volumes by labels that ${thePv} does not match (${failed.join('; ')}; `
        + `the volume has ${shown === '' ? 'no labels' : `labels ${shown}`}), ${never}; `
        + 'add the labels to the volume or change the claim\'s selector',
    });
  }

  return out;
}
