/**
 * ResourceQuota and LimitRange (core/v1), after `ValidateResourceQuota` / `ValidateResourceQuotaSpec`
 * and `ValidateLimitRange` of pkg/apis/core/validation (release-1.27), with the resource-name sets of
 * pkg/apis/core/helper.
 */
import { goStrings, milliValue, quantityOf, servedAs } from './builtin-helpers';
import { qualifiedNameErrors } from '../../private/k8s-names';
import { compareQuantities, Quantity } from '../../private/quantity';
import { isObj, obj, arr, str, child, index, ownValue, q } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const CORE = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'QUOTA-RESOURCE-NAME': {
    layer: 'api',
    severity: E,
    summary: 'ResourceQuota spec.hard key that is not a quota resource (standard names such as pods, requests.cpu, count/<resource>.<group>, or a prefixed name)',
    fix: 'use a standard quota resource (cpu, memory, requests.*, limits.*, pods, services, secrets, configmaps, persistentvolumeclaims, requests.storage, count/<resource>.<group>) or a domain-prefixed name',
    source: `ValidateResourceQuotaResourceName (${CORE})`,
  },
  'QUOTA-HARD': {
    layer: 'api',
    severity: E,
    summary: 'ResourceQuota spec.hard quantity that is negative, or not a whole number for a countable resource (pods, services, count/*, extended resources)',
    fix: 'write a non-negative quantity; object counts and extended resources take whole numbers',
    source: `ValidateResourceQuantityValue (${CORE})`,
  },
  'QUOTA-SCOPES': {
    layer: 'api',
    severity: E,
    summary: 'ResourceQuota spec.scopes entry that is not a quota scope, scopes that conflict (BestEffort with NotBestEffort, Terminating with NotTerminating), or a scope that cannot track a listed resource (BestEffort: pods only; the others: pods, cpu, memory)',
    fix: 'drop one of the conflicting scopes, or split the quota so scoped quotas only track pods, cpu and memory',
    source: `validateResourceQuotaScopes (${CORE})`,
  },
  'QUOTA-SCOPE-SELECTOR': {
    layer: 'api',
    severity: E,
    summary: 'ResourceQuota scopeSelector expression with a wrong operator for its scope, values with Exists/DoesNotExist, no values with In/NotIn, conflicting scopes, or a scope that does not apply to a tracked resource',
    fix: 'use operator Exists (no values) for Terminating/NotTerminating/BestEffort/NotBestEffort/CrossNamespacePodAffinity; In/NotIn with values for PriorityClass',
    source: `validateScopedResourceSelectorRequirement (${CORE})`,
  },
  'LIMITRANGE-TYPE': {
    layer: 'api',
    severity: E,
    summary: 'LimitRange limit type that is not Pod, Container or PersistentVolumeClaim (nor a prefixed name), or a type listed twice',
    fix: 'use type Container, Pod or PersistentVolumeClaim, once each',
    source: `ValidateLimitRange / validateLimitRangeTypeName (${CORE})`,
  },
  'LIMITRANGE-RESOURCE-NAME': {
    layer: 'api',
    severity: E,
    summary: 'LimitRange resource that containers/pods cannot use (e.g. storage on a Container limit, an unknown unprefixed name)',
    fix: 'Container and Pod limits take cpu, memory, ephemeral-storage, hugepages-<size> or extended resources; PersistentVolumeClaim limits take storage',
    source: `validateLimitRangeResourceName (${CORE})`,
  },
  'LIMITRANGE-POD-DEFAULT': {
    layer: 'api',
    severity: E,
    summary: 'LimitRange limit of type Pod with default or defaultRequest',
    fix: 'move default/defaultRequest to a limit of type Container (pods have no defaults)',
    source: `ValidateLimitRange (${CORE})`,
  },
  'LIMITRANGE-PVC-STORAGE': {
    layer: 'api',
    severity: E,
    summary: 'LimitRange limit of type PersistentVolumeClaim without min.storage or max.storage',
    fix: 'set min.storage or max.storage on the PersistentVolumeClaim limit',
    source: `ValidateLimitRange (${CORE})`,
  },
  'LIMITRANGE-MINMAX': {
    layer: 'api',
    severity: E,
    summary: 'LimitRange values out of order: min > max, min > default(Request), default(Request) > max, defaultRequest > default',
    fix: 'keep min <= defaultRequest <= default <= max for each resource',
    source: `ValidateLimitRange (${CORE})`,
  },
  'LIMITRANGE-RATIO': {
    layer: 'api',
    severity: E,
    summary: 'LimitRange maxLimitRequestRatio below 1, or above max/min',
    fix: 'use a ratio of at least 1 and at most max/min',
    source: `ValidateLimitRange (${CORE})`,
  },
  'LIMITRANGE-OVERCOMMIT': {
    layer: 'api',
    severity: E,
    summary: 'LimitRange default and defaultRequest differ for a resource that cannot be overcommitted (hugepages-*, extended resources such as nvidia.com/gpu)',
    fix: 'make default and defaultRequest equal for hugepages and extended resources',
    source: `ValidateLimitRange / IsOvercommitAllowed (${CORE})`,
  },
});

// ---- resource-name sets of pkg/apis/core/helper (1.27)

const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets',
  'persistentvolumeclaims', 'configmaps', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
const QUOTA_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);
const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** `IsQuotaHugePageResourceName`: hugepages-<size> and requests.hugepages-<size>. */
function isQuotaHugePages(name: string): boolean {
  return name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** `IsNativeResource`: unprefixed, or in the kubernetes.io/ namespace. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** `IsExtendedResourceName`: not native, not `requests.`-prefixed, and `requests.<name>` is a qualified name. */
function isExtended(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) {
    return false;
  }
  return qualifiedNameErrors(`requests.${name}`).length === 0;
}

/** `validateResourceName`: qualified name; an unprefixed name must be a standard resource. */
function resourceNameErrors(name: string): string[] {
  const errs = qualifiedNameErrors(name);
  if (errs.length > 0) {
    return errs;
  }
  if (!name.includes('/') && !STANDARD_RESOURCES.has(name) && !QUOTA_RESOURCES.has(name) && !isQuotaHugePages(name)) {
    return ['must be a standard resource type or fully qualified'];
  }
  return [];
}

function quotaResourceNameErrors(name: string): string[] {
  const errs = resourceNameErrors(name);
  if (errs.length === 0 && !name.includes('/') && !QUOTA_RESOURCES.has(name) && !isQuotaHugePages(name)) {
    errs.push('must be a standard resource for quota');
  }
  return errs;
}

function containerResourceNameErrors(name: string): string[] {
  const errs = resourceNameErrors(name);
  if (!name.includes('/')) {
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push('must be a standard resource for containers');
    }
  } else if (!isNative(name) && !isExtended(name)) {
    errs.push('doesn\'t follow extended resource name standard');
  }
  return errs;
}

// ---- ResourceQuota

const POD_COUNT_AND_COMPUTE = new Set(['pods', 'cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory']);

/** `IsResourceQuotaScopeValidForResource`: the resources a scope can track. */
function scopeAllows(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return POD_COUNT_AND_COMPUTE.has(resource);
    case 'BestEffort':
      return resource === 'pods';
    default:
      return true;
  }
}

const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
const CONFLICTS: ReadonlyArray<readonly [string, string]> = [['BestEffort', 'NotBestEffort'], ['Terminating', 'NotTerminating']];

function isIntegerResource(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtended(name);
}

function resourceQuota(r: DocReporter, m: any): void {
  if (!servedAs(m, 'v1')) {
    return;
  }
  const spec = obj(m.spec);
  const hard = obj(spec.hard);
  const hardKeys = Object.keys(hard).sort();
  for (const k of hardKeys) {
    const p = index('spec.hard', k);
    for (const msg of quotaResourceNameErrors(k)) {
      r.add('QUOTA-RESOURCE-NAME', p, `Invalid value: ${q(k)}: ${msg}`);
    }
    const qty = quantityOf(ownValue(hard, k));
    if (!qty) {
      continue; // the schema layer reports unparsable quantities
    }
    if (qty.num < 0n) {
      r.add('QUOTA-HARD', p, `Invalid value: ${q(qty.text)}: must be greater than or equal to 0`);
    }
    if (isIntegerResource(k) && milliValue(qty) % 1000n !== 0n) {
      r.add('QUOTA-HARD', p, `Invalid value: ${q(qty.text)}: must be an integer`, `${k} counts objects or devices: use a whole number`);
    }
  }
  const standardHard = hardKeys.filter((k) => QUOTA_RESOURCES.has(k) || isQuotaHugePages(k));

  const scopes = arr(spec.scopes).filter((s): s is string => typeof s === 'string');
  if (scopes.length > 0) {
    const shown = goStrings(scopes, 'core.ResourceQuotaScope');
    for (const scope of scopes) {
      if (!SCOPES.includes(scope)) {
        r.add('QUOTA-SCOPES', 'spec.scopes', `Invalid value: ${shown}: unsupported scope`,
          `${q(scope)} is not a quota scope: use Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass or CrossNamespacePodAffinity`);
        continue;
      }
      for (const k of standardHard) {
        if (!scopeAllows(scope, k)) {
          r.add('QUOTA-SCOPES', 'spec.scopes', `Invalid value: ${shown}: unsupported scope applied to resource`,
            `scope ${scope} cannot track ${k}: ${scope === 'BestEffort' ? 'BestEffort quotas track pods only' : 'scoped quotas track pods, cpu and memory only'}`);
        }
      }
    }
    for (const [a, b] of CONFLICTS) {
      if (scopes.includes(a) && scopes.includes(b)) {
        r.add('QUOTA-SCOPES', 'spec.scopes', `Invalid value: ${shown}: conflicting scopes`, `${a} and ${b} exclude each other: keep one`);
      }
    }
  }

  if (isObj(spec.scopeSelector)) {
    scopeSelector(r, spec.scopeSelector, standardHard, scopes);
  }
}

function scopeSelector(r: DocReporter, sel: Record<string, any>, standardHard: string[], scopes: string[]): void {
  const p = 'spec.scopeSelector.matchExpressions';
  const seen = new Set<string>();
  for (const e of arr(sel.matchExpressions)) {
    if (!isObj(e)) {
      continue;
    }
    const scope = str(e.scopeName) ?? '';
    const op = str(e.operator) ?? '';
    const values = arr(e.values);
    if (SCOPES.includes(scope)) {
      for (const k of standardHard) {
        if (!scopeAllows(scope, k)) {
          r.add('QUOTA-SCOPE-SELECTOR', p, `Invalid value: ${JSON.stringify(sel)}: unsupported scope applied to resource`,
            `scope ${scope} cannot track ${k}`);
        }
      }
    }
    if (['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'].includes(scope) && op !== 'Exists') {
      r.add('QUOTA-SCOPE-SELECTOR', child(p, 'operator'), `Invalid value: ${q(op)}: must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, `
        + 'ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity');
    }
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) {
        r.add('QUOTA-SCOPE-SELECTOR', child(p, 'values'), 'Required value: must be at least one value when `operator` is \'In\' or \'NotIn\' for scope selector');
      }
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) {
        r.add('QUOTA-SCOPE-SELECTOR', child(p, 'values'), `Invalid value: ${goStrings(values)}: must be no value when \`operator\` is 'Exist' or 'DoesNotExist' for scope selector`);
      }
    }
    // other operators are SCHEMA-ENUM findings
    seen.add(scope);
  }
  for (const [a, b] of CONFLICTS) {
    if (seen.has(a) && seen.has(b)) {
      r.add('QUOTA-SCOPE-SELECTOR', p, `Invalid value: ${goStrings(scopes, 'core.ResourceQuotaScope')}: conflicting scopes`, `${a} and ${b} exclude each other: keep one`);
    }
  }
}

// ---- LimitRange

const FIELDS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
type LimitField = (typeof FIELDS)[number];

function limitRange(r: DocReporter, m: any): void {
  if (!servedAs(m, 'v1')) {
    return;
  }
  const types = new Set<string>();
  arr(obj(m.spec).limits).forEach((limit, i) => {
    if (!isObj(limit)) {
      return;
    }
    const ip = index('spec.limits', i);
    const type = str(limit.type) ?? '';
    const typeErrs = qualifiedNameErrors(type);
    if (typeErrs.length > 0) {
      for (const msg of typeErrs) {
        r.add('LIMITRANGE-TYPE', child(ip, 'type'), `Invalid value: ${q(type)}: ${msg}`);
      }
    } else if (!type.includes('/') && !LIMIT_TYPES.has(type)) {
      r.add('LIMITRANGE-TYPE', child(ip, 'type'), `Invalid value: ${q(type)}: must be a standard limit type or fully qualified`);
    }
    if (types.has(type)) {
      r.add('LIMITRANGE-TYPE', child(ip, 'type'), `Duplicate value: ${q(type)}`, 'merge the limits of one type into a single entry');
    }
    types.add(type);

    const values: Record<LimitField, Map<string, Quantity>> = {
      max: new Map(), min: new Map(), default: new Map(), defaultRequest: new Map(), maxLimitRequestRatio: new Map(),
    };
    const keys = new Set<string>();
    for (const field of FIELDS) {
      const map = limit[field];
      if (!isObj(map) || Object.keys(map).length === 0) {
        continue;
      }
      if (type === 'Pod' && (field === 'default' || field === 'defaultRequest')) {
        r.add('LIMITRANGE-POD-DEFAULT', child(ip, field), 'Forbidden: may not be specified when `type` is \'Pod\'');
        continue;
      }
      for (const k of Object.keys(map)) {
        const errs = type === 'Pod' || type === 'Container' ? containerResourceNameErrors(k) : resourceNameErrors(k);
        for (const msg of errs) {
          r.add('LIMITRANGE-RESOURCE-NAME', index(child(ip, field), k), `Invalid value: ${q(k)}: ${msg}`);
        }
        keys.add(k);
        const qty = quantityOf(map[k]);
        if (qty) {
          values[field].set(k, qty);
        }
      }
    }
    if (type === 'PersistentVolumeClaim' && ownValue(obj(limit.min), 'storage') === undefined && ownValue(obj(limit.max), 'storage') === undefined) {
      r.add('LIMITRANGE-PVC-STORAGE', child(ip, 'limits'), 'Required value: either minimum or maximum storage value is required, but neither was provided');
    }
    for (const k of [...keys].sort()) {
      compareLimits(r, ip, k, values);
    }
  });
}

function compareLimits(r: DocReporter, ip: string, k: string, v: Record<LimitField, Map<string, Quantity>>): void {
  const min = v.min.get(k);
  const max = v.max.get(k);
  const def = v.default.get(k);
  const defReq = v.defaultRequest.get(k);
  const ratio = v.maxLimitRequestRatio.get(k);
  const at = (field: LimitField) => index(child(ip, field), k);
  const gt = (a?: Quantity, b?: Quantity) => a !== undefined && b !== undefined && compareQuantities(a, b) > 0;
  if (gt(min, max)) {
    r.add('LIMITRANGE-MINMAX', at('min'), `Invalid value: ${q(min!.text)}: min value ${min!.text} is greater than max value ${max!.text}`);
  }
  if (gt(min, defReq)) {
    r.add('LIMITRANGE-MINMAX', at('defaultRequest'), `Invalid value: ${q(defReq!.text)}: min value ${min!.text} is greater than default request value ${defReq!.text}`);
  }
  if (gt(defReq, max)) {
    r.add('LIMITRANGE-MINMAX', at('defaultRequest'), `Invalid value: ${q(defReq!.text)}: default request value ${defReq!.text} is greater than max value ${max!.text}`);
  }
  if (gt(defReq, def)) {
    r.add('LIMITRANGE-MINMAX', at('defaultRequest'), `Invalid value: ${q(defReq!.text)}: default request value ${defReq!.text} is greater than default limit value ${def!.text}`);
  }
  if (gt(min, def)) {
    r.add('LIMITRANGE-MINMAX', at('default'), `Invalid value: ${q(min!.text)}: min value ${min!.text} is greater than default value ${def!.text}`);
  }
  if (gt(def, max)) {
    r.add('LIMITRANGE-MINMAX', at('default'), `Invalid value: ${q(max!.text)}: default value ${def!.text} is greater than max value ${max!.text}`);
  }
  if (ratio !== undefined && ratio.num < ratio.den) {
    r.add('LIMITRANGE-RATIO', at('maxLimitRequestRatio'), `Invalid value: ${q(ratio.text)}: ratio ${ratio.text} is less than 1`);
  }
  if (ratio !== undefined && min !== undefined && max !== undefined) {
    const minMilli = milliValue(min);
    const maxMilli = milliValue(max);
    const ratioMilli = milliValue(ratio);
    // ratio > max/min, in milli-units as the API server compares them (min 0: no upper bound)
    if (minMilli > 0n && ratioMilli * minMilli > maxMilli * 1000n) {
      const limit = (Number(maxMilli) / Number(minMilli)).toFixed(6);
      r.add('LIMITRANGE-RATIO', at('maxLimitRequestRatio'), `Invalid value: ${q(ratio.text)}: ratio ${ratio.text} is greater than max/min = ${limit}`);
    }
  }
  if (def !== undefined && defReq !== undefined && !(isNative(k) && !isHugePages(k)) && compareQuantities(def, defReq) !== 0) {
    r.add('LIMITRANGE-OVERCOMMIT', at('defaultRequest'),
      `Invalid value: ${q(defReq.text)}: default value ${def.text} must equal to defaultRequest value ${defReq.text} in ${k}`);
  }
}

export const QUOTA_LIMITS_MODULE = {
  name: 'quota-limits',
  title: 'ResourceQuota and LimitRange (core/v1): quota resource names and values, scopes, limit ordering',
  rules: RULES,
  checks: [
    { kinds: ['ResourceQuota'], check: resourceQuota },
    { kinds: ['LimitRange'], check: limitRange },
  ],
} satisfies RuleModule;

