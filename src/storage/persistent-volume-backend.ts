import * as path from 'path';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkNfs, renderMountOptions } from './storage-checks';
import { patternsError } from '../private/errors';
import { sensitiveHostPathReason } from '../private/host-paths';
import { absolutePathErrors, dns1123SubdomainErrors, labelValueErrors, noBackstepsErrors, qualifiedNameErrors } from '../private/k8s-names';
import { escapeKeys } from '../private/safe-keys';
import { addWarning } from '../private/warnings';
/**
 * What happens to a PersistentVolume when its claim is deleted.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming
 */
export enum VolumeReclaimPolicy {
  /** Keep the volume and its data; an administrator reclaims it by hand. */
  RETAIN = 'Retain',
  /** Delete the volume (and, for provisioned volumes, the storage asset behind it). */
  DELETE = 'Delete',
  /**
   * Deprecated: scrub the volume (`rm -rf /thevolume/*`) and make it available again. Only NFS
   * and hostPath volumes support it; use dynamic provisioning instead.
   */
  RECYCLE = 'Recycle',
}

/**
 * Options for `PersistentVolumeBackend.fromHostPath()`.
 */
export interface HostPathBackendOptions {
  /**
   * What must exist at the path before the pod starts.
   *
   * @default kplus.HostPathVolumeType.DEFAULT (no check)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath-volume-types
   */
  readonly type?: kplus.HostPathVolumeType;
}

/**
 * Options for `PersistentVolumeBackend.fromNfs()`.
 */
export interface NfsBackendOptions {
  /** Hostname or IP address of the NFS server. */
  readonly server: string;

  /** Absolute path exported by the NFS server. */
  readonly path: string;

  /**
   * Mount the export read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * NFS mount options, e.g. `['nfsvers=4.1', 'hard']`; written to the PersistentVolume's `mountOptions`.
   *
   * @default - the node's NFS client defaults
   */
  readonly mountOptions?: string[];
}

/**
 * Options for `PersistentVolumeBackend.fromLocal()`.
 *
 * A local volume exists on one node, so Kubernetes requires node affinity: give `nodeNames`,
 * `nodeLabels` or both.
 */
export interface LocalBackendOptions {
  /** Absolute path of the disk, partition or directory on the node. */
  readonly path: string;

  /**
   * Names of the nodes that have the path (matched against the `kubernetes.io/hostname` label).
   *
   * @default - no node names; then `nodeLabels` is required
   */
  readonly nodeNames?: string[];

  /**
   * Node labels that select the nodes that have the path; all must match.
   *
   * @default - no labels; then `nodeNames` is required
   */
  readonly nodeLabels?: { [key: string]: string };

  /**
   * Filesystem type when `path` is a block device.
   *
   * @default - the path is a directory, or the device's filesystem is detected
   */
  readonly fsType?: string;
}

/**
 * Options for `PersistentVolumeBackend.fromCsi()`.
 */
export interface CsiBackendOptions {
  /** Name of the CSI driver, e.g. 'ebs.csi.aws.com'. */
  readonly driver: string;

  /** The driver's identifier of the existing volume (e.g. an EBS volume id). */
  readonly volumeHandle: string;

  /**
   * Filesystem type to mount.
   *
   * @default - the driver's default
   */
  readonly fsType?: string;

  /**
   * Mount read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Driver-specific attributes of the volume.
   *
   * @default - none
   */
  readonly volumeAttributes?: { [key: string]: string };
}

/**
 * Where the data of a static PersistentVolume lives: hostPath, NFS, local or CSI.
 */
export abstract class PersistentVolumeBackend {
  /**
   * A directory or file on the node that runs the pod. Data stays on that node: use it for
   * single-node clusters and tests.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
   */
  public static fromHostPath(hostPath: string, options: HostPathBackendOptions = {}): PersistentVolumeBackend {
    return new HostPathBackend(hostPath, options);
  }

  /**
   * An existing NFS export.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#nfs
   */
  public static fromNfs(options: NfsBackendOptions): PersistentVolumeBackend {
    return new NfsBackend(options);
  }

  /**
   * A local disk, partition or directory of specific nodes; pods using it are scheduled there.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#local
   */
  public static fromLocal(options: LocalBackendOptions): PersistentVolumeBackend {
    return new LocalBackend(options);
  }

  /**
   * An existing volume managed by a CSI driver.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  public static fromCsi(options: CsiBackendOptions): PersistentVolumeBackend {
    return new CsiBackend(options);
  }

  /** The PersistentVolume source field this backend fills: 'hostPath', 'nfs', 'local' or 'csi'. */
  public abstract readonly sourceType: string;

  /**
   * Whether the deprecated Recycle reclaim policy works with this backend.
   *
   * @internal
   */
  public abstract readonly _supportsRecycle: boolean;

  /**
   * Checks the options and returns the PersistentVolume spec fields of this backend.
   *
   * @internal
   */
  public abstract _render(scope: Construct, type: string, id: string, reclaimPolicy: VolumeReclaimPolicy): BackendSpec;
}

/** PV spec fields contributed by a backend. */
interface BackendSpec {
  readonly source: Record<string, unknown>;
  readonly mountOptions?: string[];
  readonly nodeAffinity?: kplus.k8s.VolumeNodeAffinity;
}

function pathProblems(p: string): string[] {
  if (p === '') {
    return ['must not be empty'];
  }
  return [...absolutePathErrors(p), ...noBackstepsErrors(p)];
}

class HostPathBackend extends PersistentVolumeBackend {
  public readonly sourceType = 'hostPath';
  public readonly _supportsRecycle = true;

  constructor(private readonly hostPath: string, private readonly options: HostPathBackendOptions) {
    super();
  }

  public _render(scope: Construct, type: string, id: string, reclaimPolicy: VolumeReclaimPolicy): BackendSpec {
    const problems = pathProblems(this.hostPath);
    if (problems.length > 0) {
      throw patternsError(type, id, `'backend.path' is invalid, got '${this.hostPath}': ${problems.join('; ')}`);
    }
    if (reclaimPolicy === VolumeReclaimPolicy.RECYCLE && path.posix.normalize(this.hostPath) === '/') {
      throw patternsError(type, id, '\'reclaimPolicy\' Recycle may not be used for a hostPath volume of \'/\': '
        + 'recycling would delete the node\'s whole filesystem; use Retain');
    }
    const reason = sensitiveHostPathReason(this.hostPath);
    if (reason) {
      addWarning(scope, `${type} '${id}': hostPath '${this.hostPath}' is sensitive: ${reason}; `
        + 'mount a dedicated data directory instead');
    }
    return { source: { hostPath: { path: this.hostPath, type: this.options.type ?? kplus.HostPathVolumeType.DEFAULT } } };
  }
}

class NfsBackend extends PersistentVolumeBackend {
  public readonly sourceType = 'nfs';
  public readonly _supportsRecycle = true;

  constructor(private readonly options: NfsBackendOptions) {
    super();
  }

  public _render(_scope: Construct, type: string, id: string): BackendSpec {
    checkNfs(type, id, 'backend.server', 'backend.path', this.options.server, this.options.path);
    const mountOptions = renderMountOptions(type, id, 'backend.mountOptions', this.options.mountOptions ?? []);
    return {
      source: { nfs: { server: this.options.server, path: this.options.path, readOnly: this.options.readOnly } },
      mountOptions,
    };
  }
}

class LocalBackend extends PersistentVolumeBackend {
  public readonly sourceType = 'local';
  public readonly _supportsRecycle = false;

  constructor(private readonly options: LocalBackendOptions) {
    super();
  }

  public _render(_scope: Construct, type: string, id: string): BackendSpec {
    const problems = pathProblems(this.options.path);
    if (problems.length > 0) {
      throw patternsError(type, id, `'backend.path' is invalid, got '${this.options.path}': ${problems.join('; ')}`);
    }
    const nodeNames = Array.from(new Set(this.options.nodeNames ?? [])).sort();
    const labels = this.options.nodeLabels ?? {};
    if (nodeNames.length === 0 && Object.keys(labels).length === 0) {
      throw patternsError(type, id, '\'backend\' is a local volume, which requires node affinity: give nodeNames or nodeLabels '
        + '(the nodes that have the path) to PersistentVolumeBackend.fromLocal()');
    }
    for (const n of nodeNames) {
      const p = dns1123SubdomainErrors(n);
      if (p.length > 0) {
        throw patternsError(type, id, `'backend.nodeNames' has an invalid node name, got '${n}': ${p.join('; ')}`);
      }
    }
    const expressions: kplus.k8s.NodeSelectorRequirement[] = [];
    if (nodeNames.length > 0) {
      expressions.push({ key: 'kubernetes.io/hostname', operator: 'In', values: nodeNames });
    }
    for (const key of Object.keys(labels).sort()) {
      const p = [...qualifiedNameErrors(key), ...labelValueErrors(labels[key])];
      if (p.length > 0) {
        throw patternsError(type, id, `'backend.nodeLabels' has an invalid label ${key}=${labels[key]}: ${p.join('; ')}`);
      }
      expressions.push({ key, operator: 'In', values: [labels[key]] });
    }
    return {
      source: { local: { path: this.options.path, fsType: this.options.fsType } },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: expressions }] } },
    };
  }
}

class CsiBackend extends PersistentVolumeBackend {
  public readonly sourceType = 'csi';
  public readonly _supportsRecycle = false;

  constructor(private readonly options: CsiBackendOptions) {
    super();
  }

  public _render(_scope: Construct, type: string, id: string): BackendSpec {
    const driver = this.options.driver;
    const problems = driver === '' ? ['must not be empty'] : [
      ...(driver.length > 63 ? ['must be no more than 63 characters'] : []),
      ...dns1123SubdomainErrors(driver.toLowerCase()),
    ];
    if (problems.length > 0) {
      throw patternsError(type, id, `'backend.driver' is invalid, got '${driver}': ${problems.join('; ')}`);
    }
    if (this.options.volumeHandle === '') {
      throw patternsError(type, id, '\'backend.volumeHandle\' must not be empty: give the driver\'s id of the existing volume');
    }
    return {
      source: {
        csi: {
          driver,
          volumeHandle: this.options.volumeHandle,
          fsType: this.options.fsType,
          readOnly: this.options.readOnly,
          volumeAttributes: escapeKeys(this.options.volumeAttributes),
        },
      },
    };
  }
}

