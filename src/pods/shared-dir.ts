import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { assertValidSharedDir } from './pod-checks';
import { assertNoProblems, patternsError, quote } from '../private/errors';
import { absolutePathErrors, localDescendingPathErrors } from '../private/k8s-names';
import { otherPlusMajorError } from '../private/plus-major';

/**
 * Options for a directory shared by the containers of one pod (an `emptyDir` volume).
 */
export interface SharedDirOptions {
  /**
   * Where the directory lives: on the node's disk, or in memory (tmpfs). A memory-backed
   * directory is fast, is cleared when the node reboots, and counts against the memory limits
   * of the containers that write to it.
   *
   * @default kplus.EmptyDirMedium.DEFAULT
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   */
  readonly medium?: kplus.EmptyDirMedium;

  /**
   * The most the directory may hold. Must be a whole number of MiB (at most 2^53-1 MiB). The
   * kubelet evicts the pod when the directory grows beyond it.
   *
   * @default - No limit (bounded by the node's disk, or for `EmptyDirMedium.MEMORY` by the
   * pod's memory limits).
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir-configuration-example
   */
  readonly sizeLimit?: Size;
}

/**
 * Props for `SharedDir`.
 */
export interface SharedDirProps extends SharedDirOptions {
  /**
   * The pod or workload whose containers share the directory.
   */
  readonly workload: kplus.AbstractPod;

  /**
   * The volume name (a DNS-1123 label, unique among the pod's volumes).
   *
   * @default - The construct id.
   */
  readonly name?: string;
}

/**
 * What `SidecarPod.addSharedDir()` / `SidecarPattern.addSharedDir()` pass: the dir's construct id
 * is derived from its name, while messages keep naming it by that name. Internal.
 */
interface InternalSharedDirProps extends SharedDirProps {
  readonly errorId?: string;
}

/**
 * Options for `SharedDir.mount()`.
 */
export interface SharedDirMountOptions {
  /**
   * Mount the directory read-only into this container.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this sub-directory of the shared directory (a relative path without '..').
   *
   * @default - The whole directory.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#using-subpath
   */
  readonly subPath?: string;
}

/**
 * A directory shared by the containers of one pod: one `emptyDir` volume, declared once, mounted
 * into each container that needs it (possibly at different paths).
 *
 * The directory lives as long as the pod: it survives container restarts and is deleted with
 * the pod. `SidecarPod.addSharedDir()` and `SidecarPattern.addSharedDir()` create one for you.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
 */
export class SharedDir extends Construct implements kplus.IStorage {
  /** The volume name. */
  public readonly name: string;

  /** The pod or workload whose containers share the directory. */
  public readonly workload: kplus.AbstractPod;

  /** The `emptyDir` volume, added to the workload once. */
  public readonly volume: kplus.Volume;

  /** Where the directory lives. */
  public readonly medium: kplus.EmptyDirMedium;

  /** The size limit, if any. */
  public readonly sizeLimit?: Size;

  private readonly _mountedInto: string[] = [];

  /** The id error messages name: the construct id, or the volume name for `addSharedDir()`. */
  private readonly errorId: string;

  constructor(scope: Construct, id: string, props: SharedDirProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.workload = props.workload;
    this.medium = props.medium ?? kplus.EmptyDirMedium.DEFAULT;
    this.sizeLimit = props.sizeLimit;

    this.errorId = (props as InternalSharedDirProps).errorId ?? id;
    const otherMajor = otherPlusMajorError('SharedDir', this.errorId, 'workload', props.workload);
    if (otherMajor) {
      throw otherMajor;
    }
    assertValidSharedDir(this.errorId, this.name, this.workload, props.sizeLimit);

    this.volume = kplus.Volume.fromEmptyDir(this, 'Resource', this.name, {
      medium: props.medium,
      sizeLimit: props.sizeLimit,
    });
    this.workload.addVolume(this.volume);
  }

  /**
   * The names of the containers this directory is mounted into, in mount order.
   */
  public get mountedInto(): string[] {
    return [...this._mountedInto];
  }

  /**
   * Mounts the directory into `container` (an app or init container of the same pod) at `path`.
   *
   * @param container a container of `workload`
   * @param path absolute path inside the container
   * @param options read-only, sub-path
   */
  public mount(container: kplus.Container, path: string, options: SharedDirMountOptions = {}): void {
    const id = this.errorId;
    const otherMajor = otherPlusMajorError('SharedDir', id, 'container', container);
    if (otherMajor) {
      throw otherMajor;
    }
    if (!this.workload.containers.includes(container) && !this.workload.initContainers.includes(container)) {
      throw patternsError('SharedDir', id, `'container' ${quote(container.name)} is not a container of this pod; `
        + 'add it to the pod first (e.g. with addSidecar()) and mount the container that call returns');
    }
    assertNoProblems('SharedDir', id, 'path', path, absolutePathErrors(path));
    if (container.mounts.some((m) => m.path === path)) {
      throw patternsError('SharedDir', id, `'path' must be unique among the mounts of container ${quote(container.name)}, `
        + `got ${quote(path)}, where something is already mounted`);
    }
    if (options.subPath !== undefined) {
      assertNoProblems('SharedDir', id, 'subPath', options.subPath, localDescendingPathErrors(options.subPath));
    }
    container.mount(path, this.volume, { readOnly: options.readOnly, subPath: options.subPath });
    this._mountedInto.push(container.name);
  }

  /**
   * The `emptyDir` volume (so a `SharedDir` can be passed wherever `kplus.IStorage` is accepted).
   */
  public asVolume(): kplus.Volume {
    return this.volume;
  }
}
