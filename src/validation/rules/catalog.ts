/**
 * The rule catalog: the concatenation of the rule modules. To add a module, import it and list it
 * in `MODULES`; its rule ids join `RuleId` and its checks run for the kinds they name.
 */
import type { KindCheck, RuleModule, SetCheck } from './module';
import type { RuleInfo } from '../core/rule';
import { LEGACY_RULES } from '../rules-legacy';

const LEGACY = { name: 'core', title: 'Rules of the first validator (being split into modules)', rules: LEGACY_RULES } as const;

/** Every rule module, in the order their rules are listed in docs/validation.md. */
export const MODULES = [
  LEGACY,
] as const satisfies readonly RuleModule[];

/** The id of a rule of the catalog (a union of literal types: a misspelled id does not compile). */
export type RuleId = IdsOf<(typeof MODULES)[number]>;
type IdsOf<M> = M extends { readonly rules: infer R } ? keyof R & string : never;

function buildCatalog(): ReadonlyMap<string, RuleInfo> {
  const out = new Map<string, RuleInfo>();
  for (const mod of MODULES as readonly RuleModule[]) {
    for (const [id, spec] of Object.entries(mod.rules)) {
      if (out.has(id)) {
        throw new Error(`validator bug: rule id '${id}' is declared twice (module ${mod.name})`);
      }
      out.set(id, { id, ...spec });
    }
  }
  return out;
}

const CATALOG = buildCatalog();

/** Every rule, in catalog order. */
export const RULES: readonly RuleInfo[] = [...CATALOG.values()];

/** The rule with id `id` (throws for an unknown id: a bug in the validator). */
export function ruleInfo(id: string): RuleInfo {
  const info = CATALOG.get(id);
  if (!info) {
    throw new Error(`validator bug: unknown rule id '${id}'`);
  }
  return info;
}

/** True when `id` is a rule of the catalog. */
export function isKnownRule(id: string): boolean {
  return CATALOG.has(id);
}

function buildDispatch(): { byKind: ReadonlyMap<string, readonly KindCheck[]>; everyKind: readonly KindCheck[]; sets: readonly SetCheck[] } {
  const byKind = new Map<string, KindCheck[]>();
  const everyKind: KindCheck[] = [];
  const sets: SetCheck[] = [];
  for (const mod of MODULES as readonly RuleModule[]) {
    for (const c of mod.checks ?? []) {
      if (c.kinds === '*') {
        everyKind.push(c);
        continue;
      }
      for (const kind of c.kinds) {
        const list = byKind.get(kind) ?? [];
        list.push(c);
        byKind.set(kind, list);
      }
    }
    sets.push(...(mod.setChecks ?? []));
  }
  return { byKind, everyKind, sets };
}

const DISPATCH = buildDispatch();

/** The per-object checks that apply to `kind`: those for every kind first, then the kind's own. */
export function checksFor(kind: string): readonly KindCheck[] {
  const own = DISPATCH.byKind.get(kind);
  return own ? [...DISPATCH.everyKind, ...own] : DISPATCH.everyKind;
}

/** The checks across the objects of a set, in module order. */
export function setChecks(): readonly SetCheck[] {
  return DISPATCH.sets;
}
