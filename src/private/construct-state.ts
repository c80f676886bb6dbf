/**
 * Per-construct state of the library, kept in the construct tree instead of module-level maps
 * (no module-level mutable state in src/: state must not outlive its app, nor be shared by two
 * apps or two test cases in one process).
 *
 * Design: state that belongs to a construct (the mounts registered on a pod, the owner of a pod
 * volume, ...) lives in a hidden child construct of it, `<path>/cdk8s-patterns.<name>`, found
 * again with `tryFindChild`: the pattern of the validation hook (`cdk8s-patterns.validation`)
 * and the synth record (`cdk8s-patterns.synth-record`). The holder is a plain `Construct`, not
 * an `ApiObject`, so cdk8s never renders it: the synthesized manifests, the generated object
 * names (derived from the paths of the API objects) and the paths of existing constructs do not
 * change. It carries no metadata, validations or dependencies, so the `node.findAll()` consumers
 * in src (warnings, synth record, validation hook, the pod-volume and hostPath checks, which look
 * for API objects, charts, metadata and pods) pass over it. The state lives exactly as long as
 * its construct.
 *
 * A holder is created only when state is first recorded (`stateOf`), never by a look-up
 * (`peekState`), and callers record state only while constructs are built, never during
 * synthesis, so a constructor that throws before recording leaves no child behind and cdk8s'
 * synth-time view of the tree stays valid.
 */
import { Construct } from 'constructs';

/** One kind of per-construct state: the id of its holder and its initial value. */
export interface StateKey<T> {
  /** The construct id of the holder, `cdk8s-patterns.<name>`. */
  readonly id: string;
  /** The state of a construct that has none yet. */
  readonly init: () => T;
}

/** The hidden child that holds one kind of state of its parent. Never rendered. */
class StateHolder extends Construct {
  constructor(scope: Construct, id: string, public readonly state: unknown) {
    super(scope, id);
  }
}

/** The state `key` of `scope`, or undefined when none was recorded. Never creates a holder. */
export function peekState<T>(scope: Construct, key: StateKey<T>): T | undefined {
  const child = scope.node.tryFindChild(key.id);
  return child instanceof StateHolder ? child.state as T : undefined;
}

/** The state `key` of `scope`, created (with a hidden child holding it) on first use. */
export function stateOf<T>(scope: Construct, key: StateKey<T>): T {
  return peekState(scope, key) ?? new StateHolder(scope, key.id, key.init()).state as T;
}
