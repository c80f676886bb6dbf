import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ContainerDefaults, SecurityLevel } from './container-defaults';
import { PatternPodOptions } from './pattern-pod-options';
import { SharedDir, SharedDirOptions } from './shared-dir';
import { SidecarEngine } from './sidecar-engine';
import { SidecarPatternOptions } from './sidecar-pattern';
import { checkMetadata, definedMetadata } from '../private/metadata';

/**
 * Props for `SidecarPod`.
 */
export interface SidecarPodProps extends SidecarPatternOptions, PatternPodOptions {
  /**
   * The main (application) container. It goes through `ContainerDefaults.apply()` with
   * `ContainerRole.MAIN`.
   */
  readonly main: kplus.ContainerProps;
}

/**
 * A pod with one main container and sidecars that work with it, through a shared directory
 * (an `emptyDir` mounted into each) or the shared network namespace (`localhost`).
 *
 * Creates one `Pod` (the `kplus.Pod` at id `Resource`, exposed as `pod`). Two containers that
 * declare the same port and protocol are rejected: they share one network namespace. For a
 * Deployment, StatefulSet, DaemonSet or Job, use `SidecarPattern` on that workload instead.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
 */
export class SidecarPod extends Construct {
  /** The pod. Use it for anything this construct does not cover (scheduling, DNS, host aliases). */
  public readonly pod: kplus.Pod;

  /** The main container. */
  public readonly main: kplus.Container;

  /** The security level of the pod and its containers. */
  public readonly securityLevel: SecurityLevel;

  /** Whether the containers share one process namespace. */
  public readonly shareProcessNamespace: boolean;

  private readonly engine: SidecarEngine;

  constructor(scope: Construct, id: string, props: SidecarPodProps) {
    super(scope, id);
    this.securityLevel = props.securityLevel ?? SecurityLevel.BASELINE;
    this.shareProcessNamespace = props.shareProcessNamespace ?? false;
    checkMetadata('SidecarPod', id, props.metadata);
    this.pod = new kplus.Pod(this, 'Resource', {
      metadata: definedMetadata(props.metadata),
      restartPolicy: props.restartPolicy,
      serviceAccount: props.serviceAccount,
      dockerRegistryAuth: props.dockerRegistryAuth,
      securityContext: ContainerDefaults.podSecurityContext(this.securityLevel),
    });
    this.engine = new SidecarEngine(this, { type: 'SidecarPod', id }, this.pod, this.securityLevel, this.shareProcessNamespace);
    this.main = this.engine.addMain(props.main);
    for (const sidecar of props.sidecars ?? []) {
      this.engine.addSidecar(sidecar);
    }
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
