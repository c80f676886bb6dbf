import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SecurityLevel } from './container-defaults';
import { SharedDir, SharedDirOptions } from './shared-dir';
import { SidecarEngine } from './sidecar-engine';

/**
 * Options of the sidecar pattern, shared by `SidecarPattern` and `SidecarPod`.
 */
export interface SidecarPatternOptions {
  /**
   * Sidecar containers, added in this order after the main container. Each goes through
   * `ContainerDefaults.apply()` with `ContainerRole.SIDECAR`. An unnamed sidecar is called
   * `sidecar` (the first) or `sidecar-<n>`.
   *
   * You can also add sidecars later using `addSidecar()`.
   *
   * @default - No sidecars.
   */
  readonly sidecars?: kplus.ContainerProps[];

  /**
   * How strict the security context of the containers this construct adds is.
   *
   * @default SecurityLevel.BASELINE
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly securityLevel?: SecurityLevel;

  /**
   * Share one process namespace between the containers, so a sidecar can see and signal the main
   * container's processes (e.g. send SIGHUP to reload a configuration).
   *
   * @default false
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/
   */
  readonly shareProcessNamespace?: boolean;
}

/**
 * Props for `SidecarPattern`.
 */
export interface SidecarPatternProps extends SidecarPatternOptions {
  /**
   * The pod or workload to add the sidecars to: a `kplus.Pod`, `Deployment`, `StatefulSet`,
   * `DaemonSet`, `Job` or `CronJob`.
   */
  readonly workload: kplus.AbstractPod;

  /**
   * The main container, added to the workload first (with `ContainerRole.MAIN` defaults).
   *
   * @default - The workload's first container that is not a sidecar (add it with
   * `workload.addContainer()` before or after).
   */
  readonly main?: kplus.ContainerProps;
}

/**
 * The sidecar pattern applied to an existing pod or workload (e.g. a `kplus.Deployment`):
 * sidecar containers next to a main container, directories shared through one `emptyDir`
 * each, and a check that no two containers declare the same port (they share one network
 * namespace).
 *
 * The port and container-name checks also cover containers added directly to the workload,
 * before or after this construct (they run again at synth). The construct does not change the
 * workload's pod security context; each container it adds carries its own, which takes
 * precedence. `SidecarPod` is this pattern on a new `kplus.Pod`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
 */
export class SidecarPattern extends Construct {
  /** The pod or workload the sidecars belong to. */
  public readonly workload: kplus.AbstractPod;

  /** The security level of the containers this construct adds. */
  public readonly securityLevel: SecurityLevel;

  /** Whether the containers share one process namespace. */
  public readonly shareProcessNamespace: boolean;

  private readonly engine: SidecarEngine;

  constructor(scope: Construct, id: string, props: SidecarPatternProps) {
    super(scope, id);
    this.workload = props.workload;
    this.securityLevel = props.securityLevel ?? SecurityLevel.BASELINE;
    this.shareProcessNamespace = props.shareProcessNamespace ?? false;
    this.engine = new SidecarEngine(this, { type: 'SidecarPattern', id }, this.workload, this.securityLevel, this.shareProcessNamespace);
    if (props.main) {
      this.engine.addMain(props.main);
    }
    for (const sidecar of props.sidecars ?? []) {
      this.engine.addSidecar(sidecar);
    }
  }

  /**
   * The main container: the one passed as `main`, else the workload's first container that is
   * not a sidecar; undefined while the workload has none.
   */
  public get main(): kplus.Container | undefined {
    return this.engine.main;
  }

  /**
   * The sidecar containers, in order. Returns a copy; use `addSidecar()` to add one.
   */
  public get sidecars(): kplus.Container[] {
    return this.engine.sidecars;
  }

  /**
   * The shared directories declared with `addSharedDir()`. Returns a copy.
   */
  public get sharedDirs(): SharedDir[] {
    return this.engine.sharedDirs;
  }

  /**
   * Adds a sidecar container (with `ContainerRole.SIDECAR` defaults) and returns it.
   *
   * Throws if one of its ports is already declared by another container of the pod, or if its
   * name is taken.
   */
  public addSidecar(props: kplus.ContainerProps): kplus.Container {
    return this.engine.addSidecar(props);
  }

  /**
   * Declares a directory shared by containers of the pod (one `emptyDir` volume) and returns it;
   * mount it into each container with `mount(container, path)`.
   *
   * @param name the volume name (a DNS-1123 label)
   * @param options medium and size limit
   */
  public addSharedDir(name: string, options: SharedDirOptions = {}): SharedDir {
    return this.engine.addSharedDir(name, options);
  }
}
