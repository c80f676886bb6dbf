/**
 * Helpers the API-server rule modules share (not a module: no rules of its own). The rule id to
 * report is always passed in, so each finding stays with the module that declares its rule.
 */
import { parseQuantity, Quantity } from '../../private/quantity';
import { arr, child, index, isObj, q, str } from '../core/json';
import type { DocReporter } from '../report';
import type { RuleId } from './catalog';
import { labelValueErrors, qualifiedNameErrors } from '../../private/k8s-names';

/** `MaxAnnotationsSize` (apimachinery ValidateAnnotationsSize). */
const MAX_ANNOTATIONS_SIZE = 256 * 1024;

/** A name rule's errors, computed once per run and value (label keys and names repeat across objects). */
export function nameErrors(r: DocReporter, rule: (value: string) => string[], value: string): string[] {
  return r.ctx.memo(rule, value);
}

/** `parseQuantity`, once per run and text (the same few quantities repeat across thousands of containers). */
export function quantity(r: DocReporter, text: string): Quantity | undefined {
  return r.ctx.memo(parseQuantity, text);
}

/** apimachinery `ValidateLabels`: qualified-name keys, label values. */
export function labels(r: DocReporter, labelsValue: unknown, p: string, keyRule: RuleId, valueRule: RuleId): void {
  if (!isObj(labelsValue)) {
    return;
  }
  for (const [k, v] of Object.entries(labelsValue)) {
    for (const e of nameErrors(r, qualifiedNameErrors, k)) {
      r.add(keyRule, p, `Invalid value: ${q(k)}: ${e}`);
    }
    if (typeof v === 'string') {
      for (const e of nameErrors(r, labelValueErrors, v)) {
        r.add(valueRule, p, `Invalid value: ${q(v)}: ${e}`);
      }
    }
  }
}

const lowerQualifiedNameErrors = (k: string): string[] => qualifiedNameErrors(k.toLowerCase());

/** apimachinery `ValidateAnnotations`: qualified-name keys (case-insensitive), 256 KiB in total. */
export function annotations(r: DocReporter, value: unknown, p: string): void {
  if (!isObj(value)) {
    return;
  }
  let size = 0;
  for (const [k, v] of Object.entries(value)) {
    for (const e of nameErrors(r, lowerQualifiedNameErrors, k)) {
      r.add('META-ANNOTATION-KEY', p, `Invalid value: ${q(k)}: ${e}`);
    }
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > MAX_ANNOTATIONS_SIZE) {
    r.add('META-ANNOTATION-SIZE', p, `Too long: must have at most ${MAX_ANNOTATIONS_SIZE} bytes`);
  }
}

/**
 * apimachinery `ValidateLabelSelector` as 1.27 runs it on create (`AllowInvalidLabelValueInSelector`
 * false): matchLabels as labels; each matchExpressions entry needs a known operator, values for
 * In/NotIn and none for Exists/DoesNotExist, a qualified-name key and label-valued values.
 */
export function labelSelector(r: DocReporter, selector: unknown, p: string, rule: RuleId): void {
  if (!isObj(selector)) {
    return;
  }
  labels(r, selector.matchLabels, child(p, 'matchLabels'), rule, rule);
  arr(selector.matchExpressions).forEach((e, i) => {
    if (!isObj(e)) {
      return;
    }
    const ep = index(child(p, 'matchExpressions'), i);
    const values = arr(e.values);
    const operator = e.operator ?? '';
    if (typeof operator === 'string') {
      if (operator === 'In' || operator === 'NotIn') {
        if (values.length === 0) {
          r.add(rule, child(ep, 'values'), 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'');
        }
      } else if (operator === 'Exists' || operator === 'DoesNotExist') {
        if (values.length > 0) {
          r.add(rule, child(ep, 'values'), 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'');
        }
      } else {
        r.add(rule, child(ep, 'operator'), `Invalid value: ${q(operator)}: not a valid selector operator`,
          'use one of In, NotIn, Exists, DoesNotExist');
      }
    }
    const key = e.key ?? '';
    if (typeof key === 'string') {
      for (const m of nameErrors(r, qualifiedNameErrors, key)) {
        r.add(rule, child(ep, 'key'), `Invalid value: ${q(key)}: ${m}`);
      }
    }
    values.forEach((v, j) => {
      if (typeof v === 'string') {
        for (const m of nameErrors(r, labelValueErrors, v)) {
          r.add(rule, index(child(ep, 'values'), j), `Invalid value: ${q(v)}: ${m}`);
        }
      }
    });
  });
}

/** `ValidateTolerations`: key, operator/value combination, tolerationSeconds only with NoExecute (reported under `rule`). */
export function tolerations(r: DocReporter, list: unknown, p: string, rule: RuleId): void {
  arr(list).forEach((t, i) => {
    if (!isObj(t)) {
      return;
    }
    const tp = index(p, i);
    const key = str(t.key) ?? '';
    const operator = str(t.operator) ?? 'Equal';
    if (key !== '') {
      for (const e of nameErrors(r, qualifiedNameErrors, key)) {
        r.add(rule, child(tp, 'key'), `Invalid value: ${q(key)}: ${e}`);
      }
    } else if (operator !== 'Exists') {
      r.add(rule, child(tp, 'operator'), `Invalid value: ${q(operator)}: operator must be Exists when \`key\` is empty, which means "match all values and all keys"`);
    }
    const value = str(t.value) ?? '';
    if (operator === 'Exists' && value !== '') {
      r.add(rule, child(tp, 'operator'), `Invalid value: ${q(value)}: value must be empty when \`operator\` is 'Exists'`);
    } else if (operator === 'Equal' && value !== '') {
      for (const e of nameErrors(r, labelValueErrors, value)) {
        r.add(rule, child(tp, 'value'), `Invalid value: ${q(value)}: ${e}`);
      }
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      r.add(rule, child(tp, 'effect'), `Invalid value: ${q(str(t.effect) ?? '')}: effect must be 'NoExecute' when \`tolerationSeconds\` is set`);
    }
  });
}
