/**
 * The objects of a validated set indexed by kind, namespace and name: what the cross-object rule
 * modules (binding, references) look things up in. Built once per run (kept in the run context).
 */
import { isBuiltInGroup } from '../core/api-versions';
import { isObj } from '../core/json';
import { CLUSTER_SCOPED_KINDS } from '../core/kinds';
import { nameOf, namespaceOf } from '../core/objects';
import type { DocReporter, SourceDoc } from '../report';

/** The kinds other objects refer to by name (only these are indexed by name). */
const REFERENCED_KINDS: ReadonlySet<string> = new Set(['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'ServiceAccount']);

/** One object of the set. */
export interface Entry {
  readonly doc: SourceDoc;
  readonly m: any;
}

/** The objects of a set, indexed by kind, namespace and name. */
export class SetIndex {
  /** The index of `docs`, built once per run. */
  public static of(r: DocReporter, docs: readonly SourceDoc[]): SetIndex {
    return r.ctx.perObjectMemo('cross.index', docs, () => new SetIndex(docs));
  }

  public readonly byKind = new Map<string, Entry[]>();
  private readonly byKey = new Map<string, Entry>();

  private constructor(docs: readonly SourceDoc[]) {
    for (const doc of docs) {
      const m = doc.manifest;
      if (!isObj(m) || typeof m.kind !== 'string' || typeof m.apiVersion !== 'string' || !isBuiltInGroup(m.apiVersion)) {
        continue; // custom resources are not the built-in kinds of the same name
      }
      const e = { doc, m };
      if (REFERENCED_KINDS.has(m.kind)) {
        const key = `${m.kind}/${namespaceOf(m)}/${nameOf(m)}`;
        if (!this.byKey.has(key)) {
          this.byKey.set(key, e);
        }
      }
      const list = this.byKind.get(m.kind) ?? [];
      list.push(e);
      this.byKind.set(m.kind, list);
    }
  }

  /** The object of `kind` named `name` in namespace `ns` (ignored for cluster-scoped kinds). */
  public get(kind: string, ns: string, name: string): Entry | undefined {
    return this.byKey.get(`${kind}/${CLUSTER_SCOPED_KINDS.has(kind) ? '' : ns}/${name}`);
  }

  /** Every object of `kind`, in input order. */
  public all(kind: string): Entry[] {
    return this.byKind.get(kind) ?? [];
  }
}
