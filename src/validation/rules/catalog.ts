/**
 * The rule catalog: the concatenation of the rule modules. To add a module, import it and list it
 * in `MODULES`; its rule ids join `RuleId` and its checks run for the kinds they name.
 */
import { ADMISSION_MODULE } from './admission';
import { APIEXTENSIONS } from './apiextensions';
import { APIREGISTRATION_MODULE } from './apiregistration';
import { AUTOSCALING_MODULE } from './autoscaling';
import { BINDING_MODULE } from './binding';
import { CERTIFICATES_MODULE } from './certificates';
import { CONFIG_MODULE } from './config';
import { CONTAINERS_MODULE } from './containers';
import { COORDINATION_MODULE } from './coordination';
import { CORE_MORE_MODULE } from './core-more';
import { DISCOVERY_MODULE } from './discovery';
import { FLOWCONTROL_MODULE } from './flowcontrol';
import { JOBS_MORE_MODULE } from './jobs-more';
import { LINT_MODULE } from './lint';
import { METADATA_MODULE } from './metadata';
import type { KindCheck, RuleModule, SetCheck } from './module';
import { NETWORKING_MODULE } from './networking';
import { NETWORK_POLICY_MODULE } from './networking-policy';
import { NODE_MODULE } from './node';
import { POD_MISC_MODULE } from './pod-misc';
import { POD_SCHEDULING_MODULE } from './pod-scheduling';
import { POD_SECURITY_MODULE } from './pod-security';
import { POD_SPEC_MODULE } from './pod-spec';
import { POLICY_MODULE } from './policy';
import { QUOTA_LIMITS_MODULE } from './quota-limits';
import { RBAC_MODULE } from './rbac';
import { REFERENCES_MODULE } from './references';
import { SCHEDULING_MODULE } from './scheduling';
import { SCHEMA_MODULE } from './schema';
import { SERVICE_MODULE } from './service';
import { SERVICE_MORE_MODULE } from './service-more';
import { STORAGE_MODULE } from './storage';
import { STORAGE_MORE_MODULE } from './storage-more';
import { VOLUMES_MODULE } from './volumes';
import { WORKLOADS_MODULE } from './workloads';
import { WORKLOADS_MORE_MODULE } from './workloads-more';
import { YAML_MODULE } from './yaml';
import { isBuiltInGroup } from '../core/api-versions';
import type { RuleInfo } from '../core/rule';

/** Every rule module, in the order their rules are listed in docs/validation.md. */
export const MODULES = [
  SCHEMA_MODULE,
  METADATA_MODULE,
  WORKLOADS_MODULE,
  POD_SPEC_MODULE,
  CONTAINERS_MODULE,
  VOLUMES_MODULE,
  STORAGE_MODULE,
  CONFIG_MODULE,
  SERVICE_MODULE,
  POD_SCHEDULING_MODULE,
  POD_SECURITY_MODULE,
  POD_MISC_MODULE,
  WORKLOADS_MORE_MODULE,
  JOBS_MORE_MODULE,
  SERVICE_MORE_MODULE,
  YAML_MODULE,
  NETWORKING_MODULE,
  NETWORK_POLICY_MODULE,
  RBAC_MODULE,
  POLICY_MODULE,
  AUTOSCALING_MODULE,
  SCHEDULING_MODULE,
  NODE_MODULE,
  QUOTA_LIMITS_MODULE,
  CORE_MORE_MODULE,
  DISCOVERY_MODULE,
  STORAGE_MORE_MODULE,
  COORDINATION_MODULE,
  ADMISSION_MODULE,
  CERTIFICATES_MODULE,
  FLOWCONTROL_MODULE,
  APIREGISTRATION_MODULE,
  APIEXTENSIONS,
  BINDING_MODULE,
  REFERENCES_MODULE,
  LINT_MODULE,
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

interface Dispatch {
  readonly byKind: ReadonlyMap<string, readonly KindCheck[]>;
  readonly everyKind: readonly KindCheck[];
  readonly sets: readonly SetCheck[];
}

/** True when every rule of `mod` is a lint rule (its checks report nothing else). */
function lintOnly(mod: RuleModule): boolean {
  const specs = Object.values(mod.rules);
  return specs.length > 0 && specs.every((s) => s.layer === 'lint');
}

/** The checks of the modules by kind; without the lint-only modules when `lint` is false. */
function buildDispatch(lint: boolean): Dispatch {
  const byKind = new Map<string, KindCheck[]>();
  const everyKind: KindCheck[] = [];
  const sets: SetCheck[] = [];
  for (const mod of MODULES as readonly RuleModule[]) {
    if (!lint && lintOnly(mod)) {
      continue;
    }
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

const DISPATCH = buildDispatch(true);
/**
 * Without the lint-only modules (`lint: false`): their findings would all be dropped, so they are
 * not run. A lint rule cannot report a `required` finding (DocReporter refuses: it could rename
 * another layer's finding before the filter), so the result is the same, only faster.
 */
const DISPATCH_NO_LINT = buildDispatch(false);

/**
 * The per-object checks that apply to an object of `kind` and `apiVersion`: those for every kind
 * first, then the kind's own; without the lint-only modules when `lint` is false. A kind of a
 * custom group (Knative's `serving.knative.dev` Service, Calico's `projectcalico.org`
 * NetworkPolicy) is not the built-in kind of that name: it gets only the checks for every kind.
 */
export function checksFor(kind: string, apiVersion: string, lint: boolean = true): readonly KindCheck[] {
  const d = lint ? DISPATCH : DISPATCH_NO_LINT;
  const own = isBuiltInGroup(apiVersion) ? d.byKind.get(kind) : undefined;
  return own ? [...d.everyKind, ...own] : d.everyKind;
}

/** The checks across the objects of a set, in module order. */
export function setChecks(): readonly SetCheck[] {
  return DISPATCH.sets;
}
