import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { InitGatePatternBase, InitGatePatternOptions } from './init-gate-pattern';
import { PatternPodOptions } from './pattern-pod-options';

/**
 * Props for `InitGatedPod`.
 */
export interface InitGatedPodProps extends InitGatePatternOptions, PatternPodOptions {
  /**
   * The app containers; each goes through `ContainerDefaults.apply()` with `ContainerRole.MAIN`.
   *
   * You can also add containers later using `addContainer()`.
   *
   * @default - None yet; at least one must be added before synth.
   */
  readonly containers?: kplus.ContainerProps[];
}

/**
 * A pod whose app containers start only after an ordered list of gates has passed, each gate
 * one init container (a Service resolving in DNS, a TCP port, a URL, a command).
 *
 * Creates one `Pod` (the `kplus.Pod` at id `Resource`, exposed as `pod`). Rejects duplicate
 * container names across init and app containers, probes and lifecycle hooks on init
 * containers, invalid names, hosts, ports and timings, and (at synth) a pod without gates. For a
 * Deployment or another workload, use `InitGatePattern` on it instead.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 */
export class InitGatedPod extends InitGatePatternBase {
  /** The pod. Use it for anything this construct does not cover (scheduling, DNS, volumes). */
  public readonly pod: kplus.Pod;

  constructor(scope: Construct, id: string, props: InitGatedPodProps = {}) {
    super(scope, id, 'InitGatedPod', { ...props, workload: undefined, podOptions: props });
    this.pod = this.target as kplus.Pod;
    for (const container of props.containers ?? []) {
      this.addContainer(container);
    }
    for (const gate of props.gates ?? []) {
      this.addGate(gate);
    }
  }

  /**
   * The app containers. Returns a copy; use `addContainer()` to add one.
   */
  public get containers(): kplus.Container[] {
    return this.pod.containers;
  }

  /**
   * Adds an app container (with `ContainerRole.MAIN` defaults) and returns it. It starts only
   * after every gate has passed.
   */
  public addContainer(props: kplus.ContainerProps): kplus.Container {
    return this.addAppContainer(props);
  }
}
