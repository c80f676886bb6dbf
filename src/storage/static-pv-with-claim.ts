import { ApiObject, ApiObjectMetadata, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PersistentVolumeBackend, VolumeReclaimPolicy } from './persistent-volume-backend';
import { checkStorageClassName, renderAccessModes, renderMountOptions, renderSize } from './storage-checks';
import { IStorageClass } from './storage-class';
import { VolumeClaim } from './volume-claim';
import { bindingMismatches } from '../private/binding';
import { patternsError, quote } from '../private/errors';
import { checkMetadata, keepMetadataKeys, renderMetadata } from '../private/metadata';
import { dropNamespaceOfClusterScoped, namespaceOf } from '../private/namespaces';
import { describeVolumesOf } from '../private/pod-volumes';
import { addWarning } from '../private/warnings';

/**
 * Options for a `StaticPvWithClaim` whose backend is given elsewhere (e.g. `NfsVolume.toPersistentVolume()`).
 */
export interface StaticPvWithClaimOptions {
  /**
   * Capacity of the PersistentVolume. Any whole number of KiB works (`Size.mebibytes(500)`).
   *
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#capacity
   */
  readonly capacity: Size;

  /**
   * Storage requested by the claim; must not exceed `capacity`.
   *
   * @default - the capacity
   */
  readonly request?: Size;

  /**
   * Access modes of the PersistentVolume. `ReadWriteOncePod` cannot be combined with other modes.
   *
   * @default [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Access modes the claim asks for; must be a subset of `accessModes`.
   *
   * @default - the volume's access modes
   */
  readonly claimAccessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Filesystem or raw block device, for both the volume and the claim.
   *
   * @default kplus.PersistentVolumeMode.FILE_SYSTEM
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-mode
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;

  /**
   * What happens to the volume when the claim is deleted. `Recycle` is deprecated and only allowed
   * for NFS and hostPath backends (with a warning).
   *
   * @default VolumeReclaimPolicy.RETAIN
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming
   */
  readonly reclaimPolicy?: VolumeReclaimPolicy;

  /**
   * Mount options of the volume (added after the backend's own, e.g. NFS `nfsvers=4.1`).
   *
   * @default - no mount options
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#mount-options
   */
  readonly mountOptions?: string[];

  /**
   * Storage class name written on both the volume and the claim.
   *
   * @default - `""` on both ("no class"), so a cluster's default StorageClass cannot take over the claim
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class
   */
  readonly storageClassName?: string;

  /**
   * Storage class, by reference, written on both the volume and the claim. Give this or
   * `storageClassName`, not both.
   *
   * @default - see `storageClassName`
   */
  readonly storageClass?: IStorageClass;

  /**
   * Metadata of the PersistentVolume (name, labels, annotations). PersistentVolumes are
   * cluster-scoped: a namespace is ignored.
   *
   * @default - a name derived from the construct path
   */
  readonly volumeMetadata?: ApiObjectMetadata;

  /**
   * Metadata of the PersistentVolumeClaim (name, namespace, labels, annotations).
   *
   * The namespace is always written, and the volume's `claimRef` names the same one.
   *
   * @default - a name derived from the construct path, in the chart's namespace or 'default'
   */
  readonly claimMetadata?: ApiObjectMetadata;

  /**
   * Name of the pod volume created when the claim is mounted.
   *
   * @default - `pvc-<claim name>`, shortened to 63 characters
   */
  readonly podVolumeName?: string;
}

/** The prop of StaticPvWithClaim that a binder mismatch is about. */
const MISMATCH_PROPS: Record<string, string> = {
  'BIND-SIZE': 'request',
  'BIND-ACCESSMODES': 'claimAccessModes',
  'BIND-VOLUMEMODE': 'volumeMode',
  'BIND-CLASS': 'storageClassName',
  'BIND-DEFAULT-CLASS': 'storageClassName',
};

/**
 * Props for `StaticPvWithClaim`.
 */
export interface StaticPvWithClaimProps extends StaticPvWithClaimOptions {
  /**
   * Where the data lives: `PersistentVolumeBackend.fromHostPath()`, `fromNfs()`, `fromLocal()` or `fromCsi()`.
   */
  readonly backend: PersistentVolumeBackend;
}

/**
 * A PersistentVolume and the PersistentVolumeClaim that binds to it, bound in both directions.
 *
 * Creates a PersistentVolume (construct id 'Resource') whose `claimRef` names the claim (name and
 * namespace), so no other claim can take it, and a `VolumeClaim` (id 'Claim') whose `volumeName`
 * names the volume, so it cannot bind elsewhere. Both get the same storage class, `""` by default.
 * Size, access modes, volume mode and class are checked with the PV binder's own rules, so a
 * claim that would stay Pending is an error at synth instead.
 *
 * Mount it like cdk8s-plus storage: `container.mount('/data', staticPv)`. Every mount reuses one
 * pod volume.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume
 */
export class StaticPvWithClaim extends kplus.Resource implements kplus.IPersistentVolume, kplus.IStorage {
  /** The Kubernetes resource type (of the PersistentVolume). */
  public readonly resourceType = 'persistentvolumes';

  /** The L1 PersistentVolume (id 'Resource'). */
  public readonly volume: kplus.k8s.KubePersistentVolume;

  /** The claim bound to the volume. */
  public readonly claim: VolumeClaim;

  /** The backend. */
  public readonly backend: PersistentVolumeBackend;

  /** The volume's capacity as a Kubernetes quantity (e.g. '10Gi'). */
  public readonly capacity: string;

  /** The volume's access modes. */
  public readonly accessModes: kplus.PersistentVolumeAccessMode[];

  /** The volume mode of the volume and the claim. */
  public readonly volumeMode: kplus.PersistentVolumeMode;

  /** The reclaim policy. */
  public readonly reclaimPolicy: VolumeReclaimPolicy;

  /** The storage class name on both objects (`''` = no class). */
  public readonly storageClassName: string;

  /** The namespace of the claim (also written in the volume's claimRef). */
  public readonly claimNamespace: string;

  /** The L1 PersistentVolume. */
  protected readonly apiObject: ApiObject;

  private readonly volumeSpec: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: StaticPvWithClaimProps) {
    super(scope, id);
    const type = 'StaticPvWithClaim';
    const volumeMetadata = renderMetadata(type, id, props.volumeMetadata, 'volumeMetadata');
    checkMetadata(type, id, props.claimMetadata, undefined, 'claimMetadata');
    this.backend = props.backend;
    this.capacity = renderSize(type, id, 'capacity', props.capacity);
    this.accessModes = renderAccessModes(type, id, 'accessModes',
      props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]) as kplus.PersistentVolumeAccessMode[];
    const claimAccessModes = props.claimAccessModes === undefined
      ? this.accessModes
      : renderAccessModes(type, id, 'claimAccessModes', props.claimAccessModes) as kplus.PersistentVolumeAccessMode[];
    this.volumeMode = props.volumeMode ?? kplus.PersistentVolumeMode.FILE_SYSTEM;
    this.reclaimPolicy = props.reclaimPolicy ?? VolumeReclaimPolicy.RETAIN;

    // storage class: '' unless named, the same on both sides
    if (props.storageClass && props.storageClassName !== undefined && props.storageClass.name !== props.storageClassName) {
      throw patternsError(type, id, `'storageClass' ('${props.storageClass.name}') and 'storageClassName' ('${props.storageClassName}') `
        + 'name different classes; give only one of them');
    }
    this.storageClassName = props.storageClass?.name ?? props.storageClassName ?? '';
    checkStorageClassName(type, id, props.storageClass ? 'storageClass' : 'storageClassName', this.storageClassName);

    // reclaim policy
    const reclaim = String(this.reclaimPolicy);
    if (!['Retain', 'Delete', 'Recycle'].includes(reclaim)) {
      throw patternsError(type, id, `'reclaimPolicy' must be Retain, Delete or Recycle, got '${reclaim}'`);
    }
    if (this.reclaimPolicy === VolumeReclaimPolicy.RECYCLE && !props.backend._supportsRecycle) {
      throw patternsError(type, id, `'reclaimPolicy' Recycle is only supported by nfs and hostPath volumes, got a ${props.backend.sourceType} volume: `
        + 'the volume would go Failed when its claim is released; use Retain or Delete');
    }
    const backendSpec = props.backend._render(this, type, id, this.reclaimPolicy);
    if (this.reclaimPolicy === VolumeReclaimPolicy.RECYCLE) {
      addWarning(this, `${type} '${id}': reclaim policy Recycle is deprecated (it runs 'rm -rf' on the volume when the claim is deleted); `
        + 'use Retain and clean up by hand, or a StorageClass with dynamic provisioning');
    }
    const mountOptions = renderMountOptions(type, id, 'mountOptions', [...backendSpec.mountOptions ?? [], ...props.mountOptions ?? []]);

    // names: the PV is created first so that both names are known
    this.claimNamespace = namespaceOf(this, props.claimMetadata?.namespace);
    const pv = new kplus.k8s.KubePersistentVolume(this, 'Resource', {
      metadata: volumeMetadata,
      spec: Lazy.any({ produce: () => this.renderVolumeSpec() }) as any,
    });
    dropNamespaceOfClusterScoped(pv, props.volumeMetadata?.namespace);
    keepMetadataKeys(pv);
    this.volume = pv;
    this.apiObject = pv;

    if (props.request !== undefined) {
      renderSize(type, id, 'request', props.request);
    }
    this.claim = new VolumeClaim(this, 'Claim', {
      storage: props.request ?? props.capacity,
      accessModes: claimAccessModes,
      volumeMode: this.volumeMode,
      storageClass: props.storageClass ?? new FixedStorageClass(this, 'StorageClass', this.storageClassName),
      volume: this,
      podVolumeName: props.podVolumeName,
      metadata: { ...props.claimMetadata, namespace: this.claimNamespace },
    });
    describeVolumesOf(this.claim, `${type} ${quote(id)}`, 'podVolumeName');

    this.volumeSpec = {
      ...backendSpec.source,
      accessModes: [...this.accessModes],
      capacity: { storage: this.capacity },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: this.claim.name, namespace: this.claimNamespace },
      mountOptions,
      nodeAffinity: backendSpec.nodeAffinity,
      persistentVolumeReclaimPolicy: reclaim,
      storageClassName: this.storageClassName,
      volumeMode: this.volumeMode,
    };

    // consistency, with the binder's own rules
    const mismatches = bindingMismatches(
      { metadata: { name: this.name, labels: props.volumeMetadata?.labels }, spec: this.volumeSpec },
      {
        metadata: { name: this.claim.name, namespace: this.claimNamespace },
        spec: {
          accessModes: this.claim.accessModes,
          resources: { requests: { storage: this.claim.storageQuantity } },
          storageClassName: this.claim.storageClassName,
          volumeMode: this.claim.volumeMode,
          volumeName: this.name,
        },
      },
    );
    if (mismatches.length > 0) {
      throw patternsError(type, id, mismatches.map((m) => `'${MISMATCH_PROPS[m.rule] ?? 'claimMetadata'}' conflicts with the volume: ${m.message}`).join('; '));
    }
  }

  /**
   * The pod volume of the claim (one per claim, shared by every mount).
   */
  public asVolume(): kplus.Volume {
    return this.claim.asVolume();
  }

  private renderVolumeSpec(): Record<string, unknown> {
    return { ...this.volumeSpec, capacity: { storage: kplus.k8s.Quantity.fromString(this.capacity) } };
  }
}

/** A class reference that only carries a name (for the claim of a StaticPvWithClaim). */
class FixedStorageClass extends Construct implements IStorageClass {
  constructor(scope: Construct, id: string, public readonly name: string) {
    super(scope, id);
  }
}
