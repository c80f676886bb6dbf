import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkStorageClassName, renderMountOptions } from './storage-checks';
import { IStorageClass } from './storage-class';
import { VolumeClaim, VolumeClaimOptions } from './volume-claim';
import { patternsError } from '../private/errors';
import { labelValueErrors, qualifiedNameErrors } from '../private/k8s-names';
import { keepMetadataKeys, renderMetadata } from '../private/metadata';
import { dropNamespaceOfClusterScoped } from '../private/namespaces';
import { escapeKeys } from '../private/safe-keys';
import { addWarning } from '../private/warnings';

/**
 * Provisioner names of common StorageClass provisioners.
 *
 * Any other provisioner name works too: `DynamicStorageClassProps.provisioner` is a string.
 *
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#provisioner
 */
export class Provisioner {
  /** In-tree AWS EBS plugin (migrated to the EBS CSI driver since Kubernetes 1.23; needs the driver installed). */
  public static readonly AWS_EBS = 'kubernetes.io/aws-ebs';
  /** AWS EBS CSI driver. */
  public static readonly AWS_EBS_CSI = 'ebs.csi.aws.com';
  /** AWS EFS CSI driver. */
  public static readonly AWS_EFS_CSI = 'efs.csi.aws.com';
  /** In-tree GCE PD plugin (migrated to the PD CSI driver). */
  public static readonly GCE_PD = 'kubernetes.io/gce-pd';
  /** Google Compute Engine persistent disk CSI driver. */
  public static readonly GCE_PD_CSI = 'pd.csi.storage.gke.io';
  /** In-tree Azure Disk plugin (migrated to the Azure Disk CSI driver). */
  public static readonly AZURE_DISK = 'kubernetes.io/azure-disk';
  /** Azure Disk CSI driver. */
  public static readonly AZURE_DISK_CSI = 'disk.csi.azure.com';
  /** Azure Files CSI driver. */
  public static readonly AZURE_FILE_CSI = 'file.csi.azure.com';
  /**
   * No dynamic provisioning: the class only groups pre-created (for example `local`) volumes.
   * Use it with `VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER`.
   */
  public static readonly NO_PROVISIONER = 'kubernetes.io/no-provisioner';
  /** Rancher local-path-provisioner (k3s, kind). */
  public static readonly LOCAL_PATH = 'rancher.io/local-path';
  /** NFS subdir external provisioner. */
  public static readonly NFS_SUBDIR = 'k8s-sigs.io/nfs-subdir-external-provisioner';
  /** NFS CSI driver. */
  public static readonly NFS_CSI = 'nfs.csi.k8s.io';
  /** Longhorn CSI driver. */
  public static readonly LONGHORN = 'driver.longhorn.io';
  /** Ceph RBD CSI driver. */
  public static readonly CEPH_RBD_CSI = 'rbd.csi.ceph.com';
  /** CephFS CSI driver. */
  public static readonly CEPHFS_CSI = 'cephfs.csi.ceph.com';

  private constructor() {}
}

/**
 * When volumes of a StorageClass are provisioned and bound.
 *
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
 */
export enum VolumeBindingMode {
  /** Provision and bind as soon as the claim is created. */
  IMMEDIATE = 'Immediate',
  /**
   * Wait until a pod using the claim is scheduled, then provision in that pod's zone/node.
   * A claim that no pod uses stays Pending.
   */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/**
 * Props for `DynamicStorageClass`.
 */
export interface DynamicStorageClassProps {
  /**
   * The volume plugin or CSI driver that provisions the volumes, e.g. `Provisioner.AWS_EBS_CSI`.
   *
   * Must be a qualified name (`[prefix/]name`, checked lower-cased).
   *
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#provisioner
   */
  readonly provisioner: string;

  /**
   * Provisioner-specific parameters (e.g. `{ type: 'gp3' }` for EBS). At most 512 entries, 256 KiB in total.
   *
   * @default - no parameters
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#parameters
   */
  readonly parameters?: { [key: string]: string };

  /**
   * What happens to a provisioned volume when its claim is deleted. `Recycle` does not exist for
   * StorageClasses, so the type only offers Delete and Retain.
   *
   * @default kplus.PersistentVolumeReclaimPolicy.DELETE
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy
   */
  readonly reclaimPolicy?: kplus.PersistentVolumeReclaimPolicy;

  /**
   * When volumes are provisioned and bound.
   *
   * @default VolumeBindingMode.IMMEDIATE
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * Whether claims of this class may be resized by editing their request.
   *
   * @default - not set (expansion not allowed)
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#allow-volume-expansion
   */
  readonly allowVolumeExpansion?: boolean;

  /**
   * Mount options of the provisioned volumes (e.g. `['nfsvers=4.1']`). Not validated by Kubernetes:
   * a wrong option makes the mount fail.
   *
   * @default - no mount options
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#mount-options
   */
  readonly mountOptions?: string[];

  /**
   * Where volumes may be provisioned: each entry is one topology term (all of its labels must
   * match), and a volume may be placed where any term matches, e.g.
   * `[{ 'topology.kubernetes.io/zone': ['us-east-1a', 'us-east-1b'] }]`.
   *
   * @default - no restriction
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#allowed-topologies
   */
  readonly allowedTopologies?: { [key: string]: string[] }[];

  /**
   * Make this the cluster's default StorageClass (annotation
   * `storageclass.kubernetes.io/is-default-class: "true"`): claims without `storageClassName`
   * then get this class. Have at most one default class per cluster.
   *
   * @default false
   * @see https://kubernetes.io/docs/tasks/administer-cluster/change-default-storage-class/
   */
  readonly isDefault?: boolean;

  /**
   * Metadata of the StorageClass (name, labels, annotations). StorageClasses are cluster-scoped:
   * a namespace is ignored.
   *
   * @default - a name derived from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Annotation that makes a StorageClass the cluster default. */
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** `validateParameters` limits (pkg/apis/storage/validation). */
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;

class ImportedStorageClass extends Construct implements IStorageClass {
  public readonly name: string;

  constructor(scope: Construct, id: string, name: string) {
    super(scope, id);
    this.name = name;
  }
}

/**
 * A StorageClass for dynamic provisioning, with typed claims that refer to it by reference.
 *
 * Creates one `storage.k8s.io/v1` StorageClass (construct id 'Resource'); `claim()` creates
 * PersistentVolumeClaims of this class that accept any size (`500Mi` works) and mount into any
 * container like cdk8s-plus storage.
 *
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
 */
export class DynamicStorageClass extends kplus.Resource implements IStorageClass {
  /**
   * Refers to a StorageClass that already exists in the cluster (or to no class, with `''`).
   *
   * @param scope where to create the reference
   * @param id construct id of the reference
   * @param name the StorageClass name, or `''` for "no class"
   */
  public static fromStorageClassName(scope: Construct, id: string, name: string): IStorageClass {
    checkStorageClassName('DynamicStorageClass', id, 'name', name);
    return new ImportedStorageClass(scope, id, name);
  }

  /** The Kubernetes resource type. */
  public readonly resourceType = 'storageclasses';

  /** The provisioner. */
  public readonly provisioner: string;

  /** The reclaim policy of provisioned volumes. */
  public readonly reclaimPolicy: kplus.PersistentVolumeReclaimPolicy;

  /** The volume binding mode. */
  public readonly volumeBindingMode: VolumeBindingMode;

  /** Whether this is the cluster's default class. */
  public readonly isDefault: boolean;

  /** The L1 StorageClass (id 'Resource'). */
  protected readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DynamicStorageClassProps) {
    super(scope, id);
    const type = 'DynamicStorageClass';
    this.provisioner = props.provisioner;
    this.reclaimPolicy = props.reclaimPolicy ?? kplus.PersistentVolumeReclaimPolicy.DELETE;
    this.volumeBindingMode = props.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE;
    this.isDefault = props.isDefault ?? false;

    const metadata = renderMetadata(type, id, props.metadata);
    checkProvisioner(type, id, props.provisioner);
    const parameters = checkParameters(type, id, props.parameters ?? {});
    const reclaim = String(this.reclaimPolicy);
    if (reclaim !== 'Delete' && reclaim !== 'Retain') {
      throw patternsError(type, id, `'reclaimPolicy' must be Delete or Retain, got '${reclaim}': `
        + 'StorageClasses cannot recycle volumes (Recycle is deprecated and only exists for static NFS and hostPath volumes)');
    }
    const mode = String(this.volumeBindingMode);
    if (mode !== 'Immediate' && mode !== 'WaitForFirstConsumer') {
      throw patternsError(type, id, `'volumeBindingMode' must be Immediate or WaitForFirstConsumer, got '${mode}'`);
    }
    const mountOptions = renderMountOptions(type, id, 'mountOptions', props.mountOptions ?? []);
    const allowedTopologies = renderTopologies(type, id, props.allowedTopologies ?? []);

    if (this.provisioner === Provisioner.NO_PROVISIONER && this.volumeBindingMode === VolumeBindingMode.IMMEDIATE) {
      addWarning(this, `DynamicStorageClass '${id}': provisioner ${Provisioner.NO_PROVISIONER} with volumeBindingMode Immediate binds `
        + 'claims before the scheduler picks a node, so a pod can land where its local volume is not; '
        + 'use VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER');
    }

    const annotations: { [key: string]: string } = { ...metadata?.annotations };
    if (this.isDefault) {
      annotations[DEFAULT_CLASS_ANNOTATION] = 'true';
    }
    const l1 = new kplus.k8s.KubeStorageClass(this, 'Resource', {
      metadata: { ...metadata, annotations: escapeKeys(annotations) },
      provisioner: props.provisioner,
      parameters,
      reclaimPolicy: reclaim,
      volumeBindingMode: mode,
      allowVolumeExpansion: props.allowVolumeExpansion,
      mountOptions,
      allowedTopologies,
    });
    dropNamespaceOfClusterScoped(l1, props.metadata?.namespace);
    keepMetadataKeys(l1);
    this.apiObject = l1;
  }

  /**
   * Creates a PersistentVolumeClaim of this class.
   *
   * The claim's `storageClassName` is this class's name (by reference, so renaming the class
   * renames it in the claim too).
   *
   * @param scope where to create the claim
   * @param id construct id of the claim
   * @param options size, access modes, volume mode, names
   */
  public claim(scope: Construct, id: string, options: VolumeClaimOptions): VolumeClaim {
    return new VolumeClaim(scope, id, { ...options, storageClass: this });
  }
}

function checkProvisioner(type: string, id: string, provisioner: string): void {
  if (provisioner === '') {
    throw patternsError(type, id, '\'provisioner\' must not be empty: name the volume plugin or CSI driver, e.g. Provisioner.AWS_EBS_CSI');
  }
  const problems = qualifiedNameErrors(provisioner.toLowerCase());
  if (problems.length > 0) {
    throw patternsError(type, id, `'provisioner' is invalid, got '${provisioner}': ${problems.join('; ')}`);
  }
}

function checkParameters(type: string, id: string, parameters: { [key: string]: string }): { [key: string]: string } | undefined {
  const keys = Object.keys(parameters);
  if (keys.length > MAX_PARAMETERS) {
    throw patternsError(type, id, `'parameters' must have at most ${MAX_PARAMETERS} entries, got ${keys.length}`);
  }
  if (keys.includes('')) {
    throw patternsError(type, id, '\'parameters\' must not have an empty key');
  }
  const size = keys.reduce((n, k) => n + Buffer.byteLength(k) + Buffer.byteLength(String(parameters[k])), 0);
  if (size > MAX_PARAMETERS_SIZE) {
    throw patternsError(type, id, `'parameters' must have at most ${MAX_PARAMETERS_SIZE} bytes of keys and values in total, got ${size}`);
  }
  return escapeKeys(parameters);
}

function renderTopologies(type: string, id: string, terms: { [key: string]: string[] }[]): kplus.k8s.TopologySelectorTerm[] | undefined {
  if (terms.length === 0) {
    return undefined;
  }
  const seen = new Set<string>();
  return terms.map((term, i) => {
    const keys = Object.keys(term).sort();
    if (keys.length === 0) {
      throw patternsError(type, id, `'allowedTopologies[${i}]' must have at least one label, e.g. { 'topology.kubernetes.io/zone': ['us-east-1a'] }`);
    }
    const expressions = keys.map((key) => {
      const keyProblems = qualifiedNameErrors(key);
      if (keyProblems.length > 0) {
        throw patternsError(type, id, `'allowedTopologies[${i}]' has an invalid label key '${key}': ${keyProblems.join('; ')}`);
      }
      const values = Array.from(new Set(term[key]));
      if (values.length === 0) {
        throw patternsError(type, id, `'allowedTopologies[${i}]' label '${key}' must have at least one value`);
      }
      for (const v of values) {
        const valueProblems = labelValueErrors(v);
        if (valueProblems.length > 0 || v === '') {
          throw patternsError(type, id, `'allowedTopologies[${i}]' label '${key}' has an invalid value '${v}': `
            + (valueProblems.length > 0 ? valueProblems.join('; ') : 'must not be empty'));
        }
      }
      return { key, values };
    });
    // The API server compares terms as sets of (key, set of values): value order does not matter.
    const signature = JSON.stringify(expressions.map((e) => ({ key: e.key, values: [...e.values].sort() })));
    if (seen.has(signature)) {
      throw patternsError(type, id, `'allowedTopologies[${i}]' repeats an earlier term; remove the duplicate`);
    }
    seen.add(signature);
    return { matchLabelExpressions: expressions };
  });
}
