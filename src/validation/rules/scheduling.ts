/**
 * PriorityClass (scheduling.k8s.io/v1) as the 1.27 API server validates it on create:
 * `ValidatePriorityClass` (pkg/apis/scheduling/validation, release-1.27) with
 * `IsKnownSystemPriorityClass` (pkg/apis/scheduling/helpers.go). preemptionPolicy values are the
 * schema layer's (an enum); the object name format is the metadata rules'.
 */
import { int, obj, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { KindCheck, SetCheck } from './module';
import type { DocReporter, SourceDoc } from '../report';
import { servedAs } from './builtin-helpers';

const E = Severity.ERROR;
const W = Severity.WARNING;
const SRC = '(pkg/apis/scheduling/validation, release-1.27)';

/** `HighestUserDefinablePriority`. */
const HIGHEST_USER_PRIORITY = 1000000000;
/** The system priority classes the API server creates (`systemPriorityClasses`). */
const SYSTEM_CLASSES: ReadonlyMap<string, number> = new Map([
  ['system-node-critical', 2000001000],
  ['system-cluster-critical', 2000000000],
]);

export const RULES = defineRules({
  'PC-VALUE': { layer: 'api', severity: E, summary: 'PriorityClass value above 1000000000 (higher values are reserved for the system classes)', fix: 'use a value of at most 1000000000', source: `ValidatePriorityClass ${SRC}` },
  'PC-GLOBAL-DEFAULT': { layer: 'cross', severity: W, summary: 'two PriorityClasses of the set marked globalDefault: true (the Priority admission plugin refuses the second once its cache has seen the first: a warning, as the verdict depends on timing)', fix: 'mark one PriorityClass as globalDefault (the default priority of pods without priorityClassName)', source: 'admitPriorityClass (plugin/pkg/admission/priority, release-1.27)' },
  'PC-SYSTEM-NAME': { layer: 'api', severity: E, summary: 'PriorityClass named system-* that is not one of the system classes (system-node-critical, system-cluster-critical) with their value and globalDefault false', fix: 'choose a name without the system- prefix (the system classes exist in every cluster already)', source: `ValidatePriorityClass → IsKnownSystemPriorityClass ${SRC}` },
});

function priorityClass(r: DocReporter, m: any): void {
  if (!servedAs(m, 'scheduling.k8s.io/v1')) {
    return;
  }
  const name = str(obj(m.metadata).name) ?? '';
  const value = int(m.value) ?? 0;
  if (name.startsWith('system-')) {
    const known = SYSTEM_CLASSES.get(name);
    let error: string | undefined;
    if (known === undefined) {
      error = `${name} is not a known system priority class`;
    } else if (known !== value) {
      error = `value of ${name} PriorityClass must be ${known}`;
    } else if (m.globalDefault === true) {
      error = `globalDefault of ${name} PriorityClass must be false`;
    }
    if (error !== undefined) {
      r.add('PC-SYSTEM-NAME', 'metadata.name', `Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: ${error}`);
    }
  } else if (value > HIGHEST_USER_PRIORITY) {
    r.add('PC-VALUE', 'value', `Forbidden: maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`);
  }
}

const CHECKS: readonly KindCheck[] = [
  { kinds: ['PriorityClass'], check: priorityClass },
];

/**
 * Only one PriorityClass may be the global default: with one default in the set, creating a second
 * (another name) is refused by the Priority admission plugin. A default already in the cluster is not
 * known here and is not guessed at.
 */
function oneGlobalDefault(r: DocReporter, docs: readonly SourceDoc[]): void {
  let first: string | undefined;
  for (const doc of docs) {
    const m = doc.manifest;
    if (m?.kind !== 'PriorityClass' || !servedAs(m, 'scheduling.k8s.io/v1') || m.globalDefault !== true) {
      continue;
    }
    const name = str(obj(m.metadata).name) ?? '';
    if (first === undefined) {
      first = name;
    } else if (name !== first) {
      r.on(doc).add('PC-GLOBAL-DEFAULT', 'globalDefault', `Forbidden: PriorityClass ${first} is already marked as default. Only one default can exist`);
    }
  }
}

const SET_CHECKS: readonly SetCheck[] = [{ check: oneGlobalDefault }];

/** The PriorityClass rules. */
export const SCHEDULING_MODULE = {
  name: 'scheduling',
  title: 'PriorityClass (ValidatePriorityClass)',
  rules: RULES,
  checks: CHECKS,
  setChecks: SET_CHECKS,
} as const;
