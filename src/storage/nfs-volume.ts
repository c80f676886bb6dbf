import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PersistentVolumeBackend } from './persistent-volume-backend';
import { StaticPvWithClaim, StaticPvWithClaimOptions } from './static-pv-with-claim';
import { checkNfs } from './storage-checks';
import { patternsError, quote } from '../private/errors';
import { dns1123LabelErrors, toDns1123Label } from '../private/k8s-names';
import { guardPodVolumeName } from '../private/pod-volumes';

/**
 * Props for `NfsVolume`.
 */
export interface NfsVolumeProps {
  /**
   * Hostname or IP address of the NFS server, e.g. '192.168.142.139' or 'nfs.example.com'.
   */
  readonly server: string;

  /**
   * Absolute path exported by the NFS server, e.g. '/data/nfs'.
   */
  readonly path: string;

  /**
   * Mount the export read-only in every container.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Name of the pod volume.
   *
   * @default - the construct id, made a valid DNS-1123 label
   */
  readonly name?: string;
}

/**
 * An NFS export as a pod volume, mountable into any container of any pod or workload.
 *
 * Creates no Kubernetes object of its own: mounting it (`container.mount('/data', nfs)`) adds an
 * inline `nfs` volume to the pod, one per pod however often it is mounted. `toPersistentVolume()`
 * turns the same export into a PersistentVolume with its bound claim when the storage should
 * outlive the workload's manifest.
 *
 * Prerequisite: every node that may run the pod needs an NFS client (`nfs-common` / `nfs-utils`)
 * and network access to the server.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#nfs
 */
export class NfsVolume extends Construct implements kplus.IStorage {
  /** The NFS server. */
  public readonly server: string;

  /** The exported path. */
  public readonly path: string;

  /** Whether the export is mounted read-only. */
  public readonly readOnly: boolean;

  /** The pod volume name. */
  public readonly name: string;

  private volume?: kplus.Volume;

  constructor(scope: Construct, id: string, props: NfsVolumeProps) {
    super(scope, id);
    checkNfs('NfsVolume', id, 'server', 'path', props.server, props.path);
    this.server = props.server;
    this.path = props.path;
    this.readOnly = props.readOnly ?? false;
    this.name = props.name ?? toDns1123Label(id);
    const problems = dns1123LabelErrors(this.name);
    if (problems.length > 0) {
      throw patternsError('NfsVolume', id, `'name' is invalid, got '${this.name}': ${problems.join('; ')}`);
    }
  }

  /**
   * The pod volume: the same `kplus.Volume` on every call, so every mount shares it.
   */
  public asVolume(): kplus.Volume {
    if (!this.volume) {
      this.volume = kplus.Volume.fromNfs(this, 'Volume', this.name, {
        server: this.server,
        path: this.path,
        readOnly: this.readOnly ? true : undefined,
      });
      guardPodVolumeName(this, this.volume, { label: `NfsVolume ${quote(this.node.id)}`, prop: 'name' });
    }
    return this.volume;
  }

  /**
   * Creates a PersistentVolume for this export and the claim bound to it.
   *
   * @param scope where to create it
   * @param id construct id of the `StaticPvWithClaim`
   * @param options capacity, access modes, class, names; `accessModes` defaults to `[ReadWriteMany]`
   * here (many nodes can mount one export) and NFS mount options such as `nfsvers=4.1` go in `mountOptions`
   */
  public toPersistentVolume(scope: Construct, id: string, options: StaticPvWithClaimOptions): StaticPvWithClaim {
    return new StaticPvWithClaim(scope, id, {
      ...options,
      accessModes: options.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      backend: PersistentVolumeBackend.fromNfs({
        server: this.server,
        path: this.path,
        readOnly: this.readOnly ? true : undefined,
      }),
    });
  }
}
