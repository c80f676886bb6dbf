/**
 * Jobs and CronJobs beyond the template checks of the workloads module (pkg/apis/batch/validation,
 * release-1.27): `ValidateCronJobCreate` / `validateCronJobSpec` (schedule as robfig/cron's
 * `ParseStandard` reads it, time zone, limits, the 52-character name), `ValidateJobTemplateSpec`,
 * `validateJobSpec` (counts, Indexed completions, `validatePodFailurePolicy`) and the generated
 * selector of a Job (`validateGeneratedSelector` after the strategy's `generateSelector`).
 * Enum values (concurrencyPolicy, completionMode, pod failure policy action/operator) are the
 * structure layer's findings.
 */
import { labelSelector } from './api-common';
import { cronScheduleError } from '../../private/cron';
import { qualifiedNameErrors } from '../../private/k8s-names';
import { shown, timeZoneError } from '../../private/k8s-pod-more';
import { arr, child, index, int, isObj, isSet, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const V = 'pkg/apis/batch/validation, release-1.27';

export const RULES = defineRules({
  'CRONJOB-SCHEDULE': {
    layer: 'api',
    severity: E,
    summary: 'CronJob schedule missing or not a standard 5-field cron expression / @descriptor (robfig/cron ParseStandard), or TZ=/CRON_TZ= in the schedule together with timeZone',
    fix: 'write five fields (minute hour day-of-month month day-of-week, e.g. "*/5 * * * *") or @hourly/@daily/…; put the zone in spec.timeZone',
    source: `validateCronJobSpec, validateScheduleFormat (${V}; github.com/robfig/cron/v3 v3.0.1; 1.27 rejects TZ=/CRON_TZ= only next to timeZone, 1.29+ always)`,
  },
  'CRONJOB-TIMEZONE': {
    layer: 'api',
    severity: E,
    summary: 'CronJob timeZone empty, Local, malformed, or not an IANA time zone name',
    fix: 'use an IANA zone name such as Europe/Berlin or Etc/UTC, or omit timeZone',
    source: `validateTimeZone (${V}; zone names checked against the runtime's ICU data, names Go may know besides are never reported)`,
  },
  'CRONJOB-NAME-LENGTH': {
    layer: 'api',
    severity: E,
    summary: 'CronJob name longer than 52 characters (the controller appends an 11-character suffix for its Jobs)',
    fix: 'shorten the CronJob name to at most 52 characters',
    source: `ValidateCronJobCreate (${V})`,
  },
  'CRONJOB-LIMITS': {
    layer: 'api',
    severity: E,
    summary: 'negative startingDeadlineSeconds, successfulJobsHistoryLimit or failedJobsHistoryLimit',
    fix: 'use 0 or a positive number',
    source: `validateCronJobSpec (${V})`,
  },
  'CRONJOB-RESTARTPOLICY': {
    layer: 'api',
    severity: E,
    summary: 'CronJob job template restartPolicy not OnFailure/Never (Always is the pod default)',
    fix: 'set spec.jobTemplate.spec.template.spec.restartPolicy to OnFailure or Never',
    source: `validateJobSpec (${V})`,
  },
  'JOB-COUNTS': {
    layer: 'api',
    severity: E,
    summary: 'negative parallelism, completions, activeDeadlineSeconds, backoffLimit or ttlSecondsAfterFinished; Indexed completion mode without completions',
    fix: 'use 0 or positive numbers; an Indexed Job needs spec.completions',
    source: `validateJobSpec (${V})`,
  },
  'JOB-SELECTOR': {
    layer: 'api',
    severity: E,
    summary: 'Job selector given without manualSelector: true (the API server generates it), manualSelector without selector, invalid selector; a CronJob job template with a selector or manualSelector',
    fix: 'remove spec.selector and let the API server generate it (or set manualSelector: true and make the selector match the template labels)',
    source: `ValidateJob: validateGeneratedSelector, ValidateJobSpec, ValidateJobTemplateSpec (${V})`,
  },
  'JOB-POD-FAILURE-POLICY': {
    layer: 'api',
    severity: E,
    summary: 'podFailurePolicy with a restartPolicy other than Never, too many rules, a rule with neither or both of onExitCodes/onPodConditions, bad exit code values, an unknown container name, or a bad condition type',
    fix: 'with podFailurePolicy set restartPolicy: Never; each rule has an action and one of onExitCodes (sorted, unique values, no 0 with In) or onPodConditions',
    source: `validatePodFailurePolicy, validatePodFailurePolicyRule (${V}; JobPodFailurePolicy is beta, on by default, in 1.27)`,
  },
});

const nonNegative = (v: unknown): number | undefined => {
  const n = int(v);
  return n !== undefined && n < 0 ? n : undefined;
};

/** `validatePodFailurePolicy` and its restartPolicy requirement. */
function podFailurePolicy(r: DocReporter, spec: Record<string, any>, p: string): void {
  const pfp = spec.podFailurePolicy;
  if (!isObj(pfp)) {
    return;
  }
  const pp = child(p, 'podFailurePolicy');
  const ps = obj(obj(spec.template).spec);
  if (ps.restartPolicy === 'OnFailure') {
    // Unset / Always is the workloads module's JOB-RESTARTPOLICY finding.
    r.add('JOB-POD-FAILURE-POLICY', child(p, 'template.spec.restartPolicy'), 'Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified');
  }
  const rules = arr(pfp.rules);
  const rp = child(pp, 'rules');
  if (rules.length > 20) {
    r.add('JOB-POD-FAILURE-POLICY', rp, `Too many: ${rules.length}: must have at most 20 items`);
  }
  const names = new Set<string>();
  for (const field of ['containers', 'initContainers']) {
    for (const c of arr(ps[field])) {
      const n = str(obj(c).name);
      if (n !== undefined) {
        names.add(n);
      }
    }
  }
  rules.forEach((rule, i) => {
    if (!isObj(rule)) {
      return;
    }
    const p2 = index(rp, i);
    if (!isSet(rule.action)) {
      r.required('JOB-POD-FAILURE-POLICY', child(p2, 'action'), 'set action to Count, FailJob or Ignore');
    }
    const hasCodes = isObj(rule.onExitCodes);
    const conds = arr(rule.onPodConditions);
    if (hasCodes && conds.length > 0) {
      r.add('JOB-POD-FAILURE-POLICY', p2, 'Invalid value: specifying both OnExitCodes and OnPodConditions is not supported');
    } else if (!hasCodes && conds.length === 0) {
      r.add('JOB-POD-FAILURE-POLICY', p2, 'Invalid value: specifying one of OnExitCodes and OnPodConditions is required');
    }
    if (hasCodes) {
      onExitCodes(r, rule.onExitCodes, child(p2, 'onExitCodes'), names);
    }
    if (conds.length > 20) {
      r.add('JOB-POD-FAILURE-POLICY', child(p2, 'onPodConditions'), `Too many: ${conds.length}: must have at most 20 items`);
    }
    conds.forEach((c, j) => {
      const type = isObj(c) ? (isSet(c.type) ? str(c.type) : '') : undefined;
      if (type !== undefined) {
        for (const e of qualifiedNameErrors(type)) {
          r.add('JOB-POD-FAILURE-POLICY', child(index(child(p2, 'onPodConditions'), j), 'type'), `Invalid value: ${q(type)}: ${e}`);
        }
      }
    });
  });
}

function onExitCodes(r: DocReporter, oc: Record<string, any>, p: string, names: Set<string>): void {
  if (!isSet(oc.operator)) {
    r.required('JOB-POD-FAILURE-POLICY', child(p, 'operator'), 'set operator to In or NotIn');
  }
  const cn = str(oc.containerName);
  if (cn !== undefined && !names.has(cn)) {
    r.add('JOB-POD-FAILURE-POLICY', child(p, 'containerName'), `Invalid value: ${q(cn)}: must be one of the container or initContainer names in the pod template`);
  }
  const values = arr(oc.values);
  const vp = child(p, 'values');
  if (values.length === 0) {
    r.add('JOB-POD-FAILURE-POLICY', vp, 'Invalid value: []: at least one value is required');
  } else if (values.length > 255) {
    r.add('JOB-POD-FAILURE-POLICY', vp, `Too many: ${values.length}: must have at most 255 items`);
  }
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((v, j) => {
    const n = int(v);
    if (n === undefined) {
      return;
    }
    if (oc.operator === 'In' && n === 0) {
      r.add('JOB-POD-FAILURE-POLICY', index(vp, j), 'Invalid value: 0: must not be 0 for the In operator');
    }
    if (seen.has(n)) {
      r.add('JOB-POD-FAILURE-POLICY', index(vp, j), `Duplicate value: ${n}`);
    }
    seen.add(n);
    const prev = j > 0 ? int(values[j - 1]) : undefined;
    if (prev !== undefined && prev > n) {
      ordered = false;
    }
  });
  if (!ordered) {
    r.add('JOB-POD-FAILURE-POLICY', vp, `Invalid value: ${shown(values)}: must be ordered`);
  }
}

/** `validateJobSpec` (shared by Jobs and CronJob job templates); `p` is the JobSpec's path. */
function jobSpec(r: DocReporter, spec: Record<string, any>, p: string): void {
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    const n = nonNegative(spec[f]);
    if (n !== undefined) {
      r.add('JOB-COUNTS', child(p, f), `Invalid value: ${n}: must be greater than or equal to 0`);
    }
  }
  if (spec.completionMode === 'Indexed' && !isSet(spec.completions)) {
    r.add('JOB-COUNTS', child(p, 'completions'), 'Required value: when completion mode is Indexed');
  }
  podFailurePolicy(r, spec, p);
}

/** Selector label keys the strategy's `generateSelector` writes itself. */
const GENERATED_KEYS = /^(controller-uid|job-name|batch\.kubernetes\.io\/(controller-uid|job-name))$/;

function selectorMentions(sel: Record<string, any>, re: RegExp): boolean {
  return Object.keys(obj(sel.matchLabels)).some((k) => re.test(k)) || arr(sel.matchExpressions).some((e) => re.test(String(obj(e).key)));
}

function job(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  jobSpec(r, spec, 'spec');
  const sel = spec.selector;
  const manual = spec.manualSelector === true;
  if (manual && !isObj(sel)) {
    r.required('JOB-SELECTOR', 'spec.selector', 'with manualSelector: true give spec.selector (matching the template labels)');
  }
  if (!isObj(sel)) {
    return;
  }
  labelSelector(r, sel, 'spec.selector', 'JOB-SELECTOR');
  const hasRequirements = Object.keys(obj(sel.matchLabels)).length + arr(sel.matchExpressions).length > 0;
  if (!manual && hasRequirements && !selectorMentions(sel, GENERATED_KEYS)) {
    r.add('JOB-SELECTOR', 'spec.selector', `Invalid value: ${shown(sel)}: \`selector\` not auto-generated`);
  }
}

function cronJob(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  const name = str(obj(m.metadata).name);
  if (name !== undefined && name.length > 52) {
    r.add('CRONJOB-NAME-LENGTH', 'metadata.name', `Invalid value: ${q(name)}: must be no more than 52 characters`);
  }
  const schedule = spec.schedule;
  if (!isSet(schedule)) {
    r.required('CRONJOB-SCHEDULE', 'spec.schedule', 'set spec.schedule, e.g. "0 * * * *"');
  } else if (schedule === '') {
    r.add('CRONJOB-SCHEDULE', 'spec.schedule', 'Required value');
  } else if (typeof schedule === 'string') {
    const err = cronScheduleError(schedule);
    if (err !== undefined) {
      r.add('CRONJOB-SCHEDULE', 'spec.schedule', `Invalid value: ${q(schedule)}: ${err}`);
    }
    if (schedule.includes('TZ') && isSet(spec.timeZone)) {
      r.add('CRONJOB-SCHEDULE', 'spec.schedule', `Invalid value: ${q(schedule)}: cannot use both timeZone field and TZ or CRON_TZ in schedule`);
    }
  }
  const tz = spec.timeZone;
  if (typeof tz === 'string') {
    const err = timeZoneError(tz);
    if (err !== undefined) {
      r.add('CRONJOB-TIMEZONE', 'spec.timeZone', `Invalid value: ${q(tz)}: ${err}`);
    }
  }
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const n = nonNegative(spec[f]);
    if (n !== undefined) {
      r.add('CRONJOB-LIMITS', child('spec', f), `Invalid value: ${n}: must be greater than or equal to 0`);
    }
  }
  const jt = obj(spec.jobTemplate);
  if (!isObj(jt.spec)) {
    return;
  }
  const js = jt.spec;
  const jp = 'spec.jobTemplate.spec';
  jobSpec(r, js, jp);
  if (isSet(js.selector)) {
    r.add('JOB-SELECTOR', child(jp, 'selector'), `Invalid value: ${shown(js.selector)}: \`selector\` will be auto-generated`);
  }
  if (js.manualSelector === true) {
    r.add('JOB-SELECTOR', child(jp, 'manualSelector'), 'Unsupported value: true: supported values: "nil", "false"');
  }
  const ps = obj(js.template).spec;
  if (isObj(ps)) {
    const rp = ps.restartPolicy;
    if (rp !== 'OnFailure' && rp !== 'Never' && (rp === undefined || rp === null || rp === 'Always')) {
      r.add('CRONJOB-RESTARTPOLICY', child(jp, 'template.spec.restartPolicy'), `Unsupported value: ${q(rp ?? 'Always')}: supported values: "OnFailure", "Never"`);
    }
  }
}

export const JOBS_MORE_MODULE = {
  name: 'jobs-more',
  title: 'CronJob schedules, time zones and limits; Job counts, generated selectors and pod failure policies',
  rules: RULES,
  checks: [
    { kinds: ['Job'], check: job },
    { kinds: ['CronJob'], check: cronJob },
  ],
} as const satisfies RuleModule;
