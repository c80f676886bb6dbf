import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PatternPodOptions } from './pattern-pod-options';
import { SidecarPatternBase, SidecarPatternOptions } from './sidecar-pattern';

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
export class SidecarPod extends SidecarPatternBase {
  /** The pod. Use it for anything this construct does not cover (scheduling, DNS, host aliases). */
  public readonly pod: kplus.Pod;

  /** The main container. */
  public readonly main: kplus.Container;

  constructor(scope: Construct, id: string, props: SidecarPodProps) {
    super(scope, id, 'SidecarPod', { ...props, workload: undefined, podOptions: props });
    this.pod = this.target as kplus.Pod;
    this.main = this.mainContainer!;
  }
}
