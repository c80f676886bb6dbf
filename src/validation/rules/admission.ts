/**
 * ValidatingWebhookConfiguration and MutatingWebhookConfiguration (admissionregistration.k8s.io/v1),
 * after `ValidateValidatingWebhookConfiguration` / `ValidateMutatingWebhookConfiguration` of
 * pkg/apis/admissionregistration/validation (release-1.27) and `ValidateWebhookURL` /
 * `ValidateWebhookService` of k8s.io/apiserver/pkg/util/webhook.
 *
 * Not modelled: `matchConditions` (the AdmissionWebhookMatchConditions gate is alpha and off in
 * 1.27, so the server drops the field before validation); enum values of failurePolicy,
 * matchPolicy and reinvocationPolicy (the schema layer's SCHEMA-ENUM).
 */
import { labelSelector } from './api-common';
import { goStrings, notSupported, servedAs } from './builtin-helpers';
import { dns1035LabelErrors, dns1123SubdomainErrors, portNumberErrors } from '../../private/k8s-names';
import { fullyQualifiedNameError } from '../../private/k8s-net';
import { arr, child, index, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const SRC = 'pkg/apis/admissionregistration/validation, release-1.27';

export const RULES = defineRules({
  'WEBHOOK-NAME': {
    layer: 'api',
    severity: E,
    summary: 'webhook name that is not a fully qualified domain name of at least three labels, or used twice in one configuration',
    fix: 'name each webhook like a DNS name with at least three labels, e.g. validate.example.com, unique within the configuration',
    source: `validateValidatingWebhook / validateMutatingWebhook: IsFullyQualifiedName (${SRC})`,
  },
  'WEBHOOK-CLIENTCONFIG': {
    layer: 'api',
    severity: E,
    summary: 'webhook clientConfig with neither or both of url and service, a url that is not https://host[/path] (no user info, query or fragment), or a service without name/namespace, with a bad port or path',
    fix: 'set exactly one of clientConfig.url (https://host[:port][/path]) and clientConfig.service (name, namespace, optional path of DNS-1123 segments)',
    source: 'ValidateWebhookURL / ValidateWebhookService (k8s.io/apiserver/pkg/util/webhook, release-1.27)',
  },
  'WEBHOOK-REVIEW-VERSIONS': {
    layer: 'api',
    severity: E,
    summary: 'webhook admissionReviewVersions missing, with duplicates or invalid names, or without v1 or v1beta1',
    fix: 'set admissionReviewVersions: ["v1"] (the versions of AdmissionReview the webhook understands)',
    source: `validateAdmissionReviewVersions (${SRC})`,
  },
  'WEBHOOK-SIDEEFFECTS': {
    layer: 'api',
    severity: E,
    summary: 'webhook sideEffects missing, or Some/Unknown (admissionregistration.k8s.io/v1 accepts None and NoneOnDryRun only)',
    fix: 'set sideEffects: None (or NoneOnDryRun if the webhook has side effects it skips on dry runs)',
    source: `validateValidatingWebhook / validateMutatingWebhook (${SRC})`,
  },
  'WEBHOOK-TIMEOUT': {
    layer: 'api',
    severity: E,
    summary: 'webhook timeoutSeconds outside 1..30',
    fix: 'use a timeout between 1 and 30 seconds (default 10)',
    source: `validateValidatingWebhook / validateMutatingWebhook (${SRC})`,
  },
  'WEBHOOK-RULES': {
    layer: 'api',
    severity: E,
    summary: 'webhook rule without operations, apiGroups, apiVersions or resources; an unknown operation or scope; `*` mixed with other entries; overlapping resource/subresource wildcards',
    fix: 'each rule needs operations (CREATE, UPDATE, DELETE, CONNECT or *), apiGroups, apiVersions and resources; `*` stands alone',
    source: `validateRuleWithOperations / validateRule / validateResources (${SRC})`,
  },
  'WEBHOOK-SELECTOR': {
    layer: 'api',
    severity: E,
    summary: 'webhook namespaceSelector or objectSelector that is not a valid label selector',
    fix: 'use qualified-name keys, label values and the operators In, NotIn, Exists, DoesNotExist',
    source: `ValidateLabelSelector (apimachinery, via ${SRC})`,
  },
});

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const SIDE_EFFECTS_V1 = ['None', 'NoneOnDryRun'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];

function hasWildcard(list: unknown[]): boolean {
  return list.includes('*');
}

/** `validateResources` (subresources allowed). */
function resources(r: DocReporter, list: unknown[], p: string): void {
  if (list.length === 0) {
    r.add('WEBHOOK-RULES', p, 'Required value');
  }
  const withWildcardSub = new Set<string>();
  const subWithWildcardRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSub = false;
  list.forEach((v, i) => {
    const resSub = typeof v === 'string' ? v : '';
    if (resSub === '') {
      r.add('WEBHOOK-RULES', index(p, i), 'Required value');
      return;
    }
    if (resSub === '*/*') {
      doubleWildcard = true;
    }
    if (resSub === '*') {
      singleWildcard = true;
    }
    const slash = resSub.indexOf('/');
    if (slash < 0) {
      withoutSub = resSub !== '*';
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (withWildcardSub.has(res)) {
      r.add('WEBHOOK-RULES', index(p, i), `Invalid value: ${q(resSub)}: if '${res}/*' is present, must not specify ${resSub}`);
    }
    if (subWithWildcardRes.has(sub)) {
      r.add('WEBHOOK-RULES', index(p, i), `Invalid value: ${q(resSub)}: if '*/${sub}' is present, must not specify ${resSub}`);
    }
    if (sub === '*') {
      withWildcardSub.add(res);
    }
    if (res === '*') {
      subWithWildcardRes.add(sub);
    }
  });
  if (list.length > 1 && doubleWildcard) {
    r.add('WEBHOOK-RULES', p, `Invalid value: ${goStrings(list)}: if '*/*' is present, must not specify other resources`);
  }
  if (singleWildcard && withoutSub) {
    r.add('WEBHOOK-RULES', p, `Invalid value: ${goStrings(list)}: if '*' is present, must not specify other resources without subresources`);
  }
}

function rule(r: DocReporter, rw: Record<string, any>, p: string): void {
  const ops = arr(rw.operations);
  const op = child(p, 'operations');
  if (ops.length === 0) {
    r.add('WEBHOOK-RULES', op, 'Required value');
  }
  if (ops.length > 1 && hasWildcard(ops)) {
    r.add('WEBHOOK-RULES', op, `Invalid value: ${goStrings(ops, 'admissionregistration.OperationType')}: if '*' is present, must not specify other operations`);
  }
  ops.forEach((o, i) => {
    if (typeof o === 'string' && !OPERATIONS.includes(o)) {
      r.add('WEBHOOK-RULES', index(op, i), notSupported(o, OPERATIONS), 'operations are CREATE, UPDATE, DELETE, CONNECT or * (upper case)');
    }
  });
  const groups = arr(rw.apiGroups);
  if (groups.length === 0) {
    r.add('WEBHOOK-RULES', child(p, 'apiGroups'), 'Required value', 'list the API groups ("" is the core group, "*" all groups)');
  }
  if (groups.length > 1 && hasWildcard(groups)) {
    r.add('WEBHOOK-RULES', child(p, 'apiGroups'), `Invalid value: ${goStrings(groups)}: if '*' is present, must not specify other API groups`);
  }
  const versions = arr(rw.apiVersions);
  if (versions.length === 0) {
    r.add('WEBHOOK-RULES', child(p, 'apiVersions'), 'Required value');
  }
  if (versions.length > 1 && hasWildcard(versions)) {
    r.add('WEBHOOK-RULES', child(p, 'apiVersions'), `Invalid value: ${goStrings(versions)}: if '*' is present, must not specify other API versions`);
  }
  versions.forEach((v, i) => {
    if (v === '') {
      r.add('WEBHOOK-RULES', index(child(p, 'apiVersions'), i), 'Required value');
    }
  });
  resources(r, arr(rw.resources), child(p, 'resources'));
  if (typeof rw.scope === 'string' && !SCOPES.includes(rw.scope)) {
    r.add('WEBHOOK-RULES', child(p, 'scope'), notSupported(rw.scope, SCOPES));
  }
}

/** Go's `url.Parse` reduced to what `ValidateWebhookURL` looks at. */
function parseUrl(u: string): { scheme: string; host: string; user?: string; query: string; fragment: string } {
  let rest = u;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let scheme = '';
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (sm) {
    scheme = sm[1].toLowerCase();
    rest = rest.slice(sm[0].length);
  }
  let query = '';
  const qm = rest.indexOf('?');
  if (qm >= 0) {
    query = rest.slice(qm + 1);
    rest = rest.slice(0, qm);
  }
  let host = '';
  let user: string | undefined;
  if (rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      user = authority.slice(0, at);
      authority = authority.slice(at + 1);
    }
    host = authority;
  }
  return { scheme, host, user, query, fragment };
}

function clientConfig(r: DocReporter, cc: Record<string, any>, p: string): void {
  const url = str(cc.url);
  const service = isObj(cc.service) ? cc.service : undefined;
  if ((url === undefined) === (service === undefined)) {
    r.add('WEBHOOK-CLIENTCONFIG', p, 'Required value: exactly one of url or service is required');
    return;
  }
  const form = '; desired format: https://host[/path]';
  if (url !== undefined) {
    const up = child(p, 'url');
    const parsed = parseUrl(url);
    if (parsed.scheme !== 'https') {
      r.add('WEBHOOK-CLIENTCONFIG', up, `Invalid value: ${q(parsed.scheme)}: 'https' is the only allowed URL scheme${form}`);
    }
    if (parsed.host.length === 0) {
      r.add('WEBHOOK-CLIENTCONFIG', up, `Invalid value: "": host must be specified${form}`);
    }
    if (parsed.user !== undefined) {
      // the API server echoes the user info; a password is masked here
      const shown = parsed.user.includes(':') ? `${parsed.user.slice(0, parsed.user.indexOf(':'))}:***` : parsed.user;
      r.add('WEBHOOK-CLIENTCONFIG', up, `Invalid value: ${q(shown)}: user information is not permitted in the URL`);
    }
    if (parsed.fragment.length > 0) {
      r.add('WEBHOOK-CLIENTCONFIG', up, `Invalid value: ${q(parsed.fragment)}: fragments are not permitted in the URL`);
    }
    if (parsed.query.length > 0) {
      r.add('WEBHOOK-CLIENTCONFIG', up, `Invalid value: ${q(parsed.query)}: query parameters are not permitted in the URL`);
    }
    return;
  }
  const sp = child(p, 'service');
  const svc = service!;
  if ((str(svc.name) ?? '') === '') {
    r.add('WEBHOOK-CLIENTCONFIG', child(sp, 'name'), 'Required value');
  }
  if ((str(svc.namespace) ?? '') === '') {
    r.add('WEBHOOK-CLIENTCONFIG', child(sp, 'namespace'), 'Required value');
  }
  const port = svc.port ?? 443;
  if (typeof port === 'number') {
    const errs = portNumberErrors(port);
    if (errs.length > 0) {
      r.add('WEBHOOK-CLIENTCONFIG', child(sp, 'port'), `Invalid value: ${port}: port is not valid: ${errs.join(', ')}`);
    }
  }
  const path = str(svc.path);
  if (path === undefined || path === '' || path === '/') {
    return;
  }
  const pp = child(sp, 'path');
  if (path === '//') {
    r.add('WEBHOOK-CLIENTCONFIG', pp, `Invalid value: ${q(path)}: segment[0] may not be empty`);
    return;
  }
  if (!path.startsWith('/')) {
    r.add('WEBHOOK-CLIENTCONFIG', pp, `Invalid value: ${q(path)}: must start with a '/'`);
  }
  let check = path.slice(1);
  if (check.endsWith('/')) {
    check = check.slice(0, -1);
  }
  check.split('/').forEach((step, i) => {
    if (step.length === 0) {
      r.add('WEBHOOK-CLIENTCONFIG', pp, `Invalid value: ${q(path)}: segment[${i}] may not be empty`);
      return;
    }
    for (const msg of dns1123SubdomainErrors(step)) {
      r.add('WEBHOOK-CLIENTCONFIG', pp, `Invalid value: ${q(path)}: segment[${i}]: ${msg}`);
    }
  });
}

function reviewVersions(r: DocReporter, versions: unknown, p: string): void {
  const list = arr(versions);
  if (list.length === 0) {
    r.add('WEBHOOK-REVIEW-VERSIONS', p, `Required value: must specify one of ${REVIEW_VERSIONS.join(', ')}`);
    return;
  }
  const seen = new Set<string>();
  let accepted = false;
  list.forEach((v, i) => {
    if (typeof v !== 'string') {
      return;
    }
    if (seen.has(v)) {
      r.add('WEBHOOK-REVIEW-VERSIONS', index(p, i), `Invalid value: ${q(v)}: duplicate version`);
      return;
    }
    seen.add(v);
    for (const msg of dns1035LabelErrors(v)) {
      r.add('WEBHOOK-REVIEW-VERSIONS', index(p, i), `Invalid value: ${q(v)}: ${msg}`);
    }
    if (REVIEW_VERSIONS.includes(v)) {
      accepted = true;
    }
  });
  if (!accepted) {
    r.add('WEBHOOK-REVIEW-VERSIONS', p, `Invalid value: ${goStrings(list)}: must include at least one of ${REVIEW_VERSIONS.join(', ')}`);
  }
}

function webhook(r: DocReporter, hook: Record<string, any>, p: string): void {
  const name = str(hook.name) ?? '';
  const np = child(p, 'name');
  const nameErr = fullyQualifiedNameError(name);
  if (nameErr === 'required') {
    r.add('WEBHOOK-NAME', np, 'Required value');
  } else if (nameErr) {
    r.add('WEBHOOK-NAME', np, `Invalid value: ${q(nameErr.value)}: ${nameErr.message}`);
  }
  arr(hook.rules).forEach((rw, i) => isObj(rw) && rule(r, rw, index(child(p, 'rules'), i)));
  const sideEffects = hook.sideEffects;
  if (sideEffects === undefined || sideEffects === null) {
    r.add('WEBHOOK-SIDEEFFECTS', child(p, 'sideEffects'), `Required value: must specify one of ${SIDE_EFFECTS_V1.join(', ')}`);
  } else if (typeof sideEffects === 'string' && !SIDE_EFFECTS_V1.includes(sideEffects)) {
    r.add('WEBHOOK-SIDEEFFECTS', child(p, 'sideEffects'), notSupported(sideEffects, SIDE_EFFECTS_V1));
  }
  const timeout = hook.timeoutSeconds;
  if (typeof timeout === 'number' && (timeout > 30 || timeout < 1)) {
    r.add('WEBHOOK-TIMEOUT', child(p, 'timeoutSeconds'), `Invalid value: ${timeout}: the timeout value must be between 1 and 30 seconds`);
  }
  labelSelector(r, hook.namespaceSelector, child(p, 'namespaceSelector'), 'WEBHOOK-SELECTOR');
  labelSelector(r, hook.objectSelector, child(p, 'objectSelector'), 'WEBHOOK-SELECTOR');
  clientConfig(r, obj(hook.clientConfig), child(p, 'clientConfig'));
}

function webhookConfiguration(r: DocReporter, m: any): void {
  if (!servedAs(m, 'admissionregistration.k8s.io/v1')) {
    return;
  }
  const names = new Set<string>();
  arr(m.webhooks).forEach((hook, i) => {
    if (!isObj(hook)) {
      return;
    }
    const p = index('webhooks', i);
    webhook(r, hook, p);
    reviewVersions(r, hook.admissionReviewVersions, child(p, 'admissionReviewVersions'));
    const name = str(hook.name) ?? '';
    if (name.length > 0) {
      if (names.has(name)) {
        r.add('WEBHOOK-NAME', child(p, 'name'), `Duplicate value: ${q(name)}`);
      }
      names.add(name);
    }
  });
}

export const ADMISSION_MODULE = {
  name: 'admission',
  title: 'Validating/MutatingWebhookConfiguration (admissionregistration.k8s.io/v1): names, client config, rules, review versions, side effects, timeouts',
  rules: RULES,
  checks: [{ kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'], check: webhookConfiguration }],
} satisfies RuleModule;
