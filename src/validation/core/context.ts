/**
 * State of one validation run. Everything a rule wants to remember while the run lasts (parsed
 * quantities, name-rule answers, pod-spec locations, indexes of the set) lives here, so there is
 * no module-level mutable state: two runs, even nested or interleaved, never share a cache, and
 * the caches are dropped with the run.
 */
import { locatePodSpec, PodSpecRef } from './kinds';

export class RunContext {
  private readonly memos = new Map<(key: string) => unknown, Map<string, unknown>>();
  private readonly podSpecs = new Map<object, PodSpecRef | null>();
  private readonly perObject = new Map<string, WeakMap<object, unknown>>();

  /**
   * `fn(key)`, computed once per run and key. The cache is keyed by the function itself, so two
   * rules can never read each other's answers.
   */
  public memo<V>(fn: (key: string) => V, key: string): V {
    let cache = this.memos.get(fn);
    if (cache === undefined) {
      cache = new Map();
      this.memos.set(fn, cache);
    }
    if (cache.has(key)) {
      return cache.get(key) as V;
    }
    const value = fn(key);
    cache.set(key, value);
    return value;
  }

  /**
   * `compute(target)`, computed once per run and object, under `slot` (a name unique to the caller,
   * e.g. `'cross.namespace'`).
   */
  public perObjectMemo<V>(slot: string, target: object, compute: (target: object) => V): V {
    let cache = this.perObject.get(slot);
    if (cache === undefined) {
      cache = new WeakMap();
      this.perObject.set(slot, cache);
    }
    if (cache.has(target)) {
      return cache.get(target) as V;
    }
    const value = compute(target);
    cache.set(target, value);
    return value;
  }

  /** The pod spec of a manifest (see `locatePodSpec`), located once per run. */
  public podSpecOf(m: unknown): PodSpecRef | undefined {
    if (m === null || typeof m !== 'object') {
      return undefined;
    }
    let ref = this.podSpecs.get(m);
    if (ref === undefined) {
      ref = locatePodSpec(m) ?? null;
      this.podSpecs.set(m, ref);
    }
    return ref ?? undefined;
  }
}
