import { ApiObject, ApiObjectMetadata, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkStorageClassName, renderAccessModes, renderSize } from './storage-checks';
import { IStorageClass } from './storage-class';
import { patternsError, quote } from '../private/errors';
import { dns1123LabelErrors, toDns1123Label } from '../private/k8s-names';
import { keepMetadataKeys, renderMetadata } from '../private/metadata';
import { guardPodVolumeName, volumeOwnerOf } from '../private/pod-volumes';

/**
 * Options for a `VolumeClaim` created by a factory such as `DynamicStorageClass.claim()`.
 */
export interface VolumeClaimOptions {
  /**
   * How much storage the claim requests.
   *
   * Any whole number of KiB works (`Size.mebibytes(500)` renders as `500Mi`), unlike
   * cdk8s-plus-27's `PersistentVolumeClaim`, which throws for sizes that are not whole GiB.
   *
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#resources
   */
  readonly storage: Size;

  /**
   * The access modes the claim asks for.
   *
   * `ReadWriteOncePod` cannot be combined with other modes.
   *
   * @default [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * Whether the volume is used with a filesystem or as a raw block device.
   *
   * @default kplus.PersistentVolumeMode.FILE_SYSTEM
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-mode
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;

  /**
   * Name of the pod volume created when the claim is mounted (`container.mount(path, claim)`).
   *
   * Every mount of this claim, in any container of any pod, reuses this one volume.
   *
   * @default - `pvc-<claim name>`, shortened to 63 characters
   */
  readonly podVolumeName?: string;

  /**
   * Metadata of the PersistentVolumeClaim (name, namespace, labels, annotations).
   *
   * @default - a name derived from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Props for `VolumeClaim`.
 */
export interface VolumeClaimProps extends VolumeClaimOptions {
  /**
   * The StorageClass the claim is provisioned from or bound within.
   *
   * Pass a `DynamicStorageClass`, or `DynamicStorageClass.fromStorageClassName(scope, id, 'name')`
   * for a class that exists in the cluster (`''` there means "no class": only classless
   * PersistentVolumes can bind).
   *
   * @default - `storageClassName` is omitted: the cluster's default StorageClass is written into
   * the claim at admission
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1
   */
  readonly storageClass?: IStorageClass;

  /**
   * The PersistentVolume this claim binds to (`spec.volumeName`).
   *
   * @default - the claim is bound by the control plane (or provisioned dynamically)
   */
  readonly volume?: kplus.IPersistentVolume;
}

/**
 * A PersistentVolumeClaim that accepts any size, links its StorageClass by reference and mounts as
 * one pod volume.
 *
 * It is a drop-in for `kplus.PersistentVolumeClaim`: it implements `kplus.IPersistentVolumeClaim`
 * (so `kplus.Volume.fromPersistentVolumeClaim(scope, id, claim)` works) and `kplus.IStorage` (so
 * `container.mount('/data', claim)` works). Mounting it several times (other paths, subPaths,
 * containers or pods) always reuses the same pod volume: two volumes for one claim in one pod would
 * leave the pod stuck in ContainerCreating.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims
 */
export class VolumeClaim extends kplus.Resource implements kplus.IPersistentVolumeClaim, kplus.IStorage {
  /** The Kubernetes resource type. */
  public readonly resourceType = 'persistentvolumeclaims';

  /** The requested storage. */
  public readonly storage: Size;

  /** The requested storage as a Kubernetes quantity (e.g. '500Mi'). */
  public readonly storageQuantity: string;

  /** The requested access modes. */
  public readonly accessModes: kplus.PersistentVolumeAccessMode[];

  /** The volume mode. */
  public readonly volumeMode: kplus.PersistentVolumeMode;

  /** The StorageClass the claim uses, if any. */
  public readonly storageClass?: IStorageClass;

  /** The PersistentVolume the claim binds to, if any. */
  public readonly volume?: kplus.IPersistentVolume;

  /** The L1 PersistentVolumeClaim (id 'Resource'). */
  protected readonly apiObject: ApiObject;

  private readonly podVolumeNameOverride?: string;
  private podVolume?: kplus.Volume;

  constructor(scope: Construct, id: string, props: VolumeClaimProps) {
    super(scope, id);
    const type = 'VolumeClaim';
    const metadata = renderMetadata(type, id, props.metadata);
    this.storage = props.storage;
    this.storageQuantity = renderSize(type, id, 'storage', props.storage);
    const modes = renderAccessModes(type, id, 'accessModes', props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    this.accessModes = modes as kplus.PersistentVolumeAccessMode[];
    this.volumeMode = props.volumeMode ?? kplus.PersistentVolumeMode.FILE_SYSTEM;
    this.storageClass = props.storageClass;
    this.volume = props.volume;
    if (props.storageClass) {
      checkStorageClassName(type, id, 'storageClass', props.storageClass.name);
    }
    if (props.podVolumeName !== undefined) {
      const problems = dns1123LabelErrors(props.podVolumeName);
      if (problems.length > 0) {
        throw patternsError(type, id, `'podVolumeName' is invalid, got '${props.podVolumeName}': ${problems.join('; ')}`);
      }
    }
    this.podVolumeNameOverride = props.podVolumeName;

    this.apiObject = new kplus.k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }) as any,
    });
    keepMetadataKeys(this.apiObject);
  }

  /** The name of the pod volume this claim becomes when mounted. */
  public get podVolumeName(): string {
    return this.podVolumeNameOverride ?? toDns1123Label(`pvc-${this.name}`);
  }

  /** The storage class name written into the claim, or undefined when it is omitted. */
  public get storageClassName(): string | undefined {
    return this.storageClass?.name;
  }

  /**
   * The pod volume for this claim: the same `kplus.Volume` on every call, so every mount shares it.
   */
  public asVolume(): kplus.Volume {
    if (!this.podVolume) {
      this.podVolume = kplus.Volume.fromPersistentVolumeClaim(this, 'Volume', this, { name: this.podVolumeName });
      guardPodVolumeName(this, this.podVolume, volumeOwnerOf(this, `VolumeClaim ${quote(this.node.id)}`, 'podVolumeName'));
    }
    return this.podVolume;
  }

  private renderSpec(): any {
    return {
      accessModes: [...this.accessModes],
      resources: { requests: { storage: kplus.k8s.Quantity.fromString(this.storageQuantity) } },
      storageClassName: this.storageClass?.name,
      volumeMode: this.volumeMode,
      volumeName: this.volume?.name,
    };
  }
}
