/**
 * `ValidateCustomResourceDefinition` of apiextensions-apiserver v0.27.9 for apiextensions.k8s.io/v1
 * CRDs (create): names, group, scope, versions, per-version schemas (structural), conversion,
 * subresources and printer columns, with the API server's messages.
 *
 * Field paths are those of the v1 manifest (`spec.versions[0].schema.openAPIV3Schema...`). The API
 * server converts a v1 CRD whose versions all share one schema to its internal form with a
 * top-level schema, so for such CRDs it names the same field `spec.validation.openAPIV3Schema...`.
 */
import { validateSchemaDefinition } from './schema-definition';
import { fieldValue } from './schema-eval';
import { dns1035LabelErrors, dns1123SubdomainErrors } from '../../private/k8s-names';
import { arr, child, index, isObj, obj, q, str } from '../core/json';
import type { DocReporter } from '../report';

const PRINTER_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/**
 * Go's `%v` of a value in an `Invalid value:` message: scalars as field.Error renders them
 * (`fieldValue`), a list or map by its type name (the CRD definition checks name the type).
 */
export function goValue(v: unknown): string {
  if (v !== null && typeof v === 'object') {
    return Array.isArray(v) ? '"array"' : '"object"';
  }
  return fieldValue(v);
}

/** Validates one apiextensions.k8s.io/v1 CustomResourceDefinition. */
export function validateCrd(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  const names = obj(spec.names);
  const group = str(spec.group) ?? '';
  const plural = str(names.plural) ?? '';
  const name = str(obj(m.metadata).name);
  if (name !== undefined && name !== '' && name !== `${plural}.${group}`) {
    r.add('CRD-NAME', 'metadata.name', `Invalid value: ${q(name)}: must be spec.names.plural+"."+spec.group`,
      plural !== '' && group !== '' ? `name the CRD ${plural}.${group}` : undefined);
  }

  if (group === '') {
    r.add('CRD-GROUP', 'spec.group', 'Required value');
  } else {
    const errs = dns1123SubdomainErrors(group);
    if (errs.length > 0) {
      r.add('CRD-GROUP', 'spec.group', `Invalid value: ${q(group)}: ${errs.join(',')}`);
    } else if (group.split('.').length < 2) {
      r.add('CRD-GROUP', 'spec.group', `Invalid value: ${q(group)}: should be a domain with at least one dot`);
    }
  }

  apiApproval(r, group, obj(obj(m.metadata).annotations));
  if (spec.preserveUnknownFields === true) {
    r.add('CRD-SCHEMA-STRUCTURAL', 'spec.preserveUnknownFields',
      'Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead');
  }

  const scope = spec.scope;
  if (scope === undefined || scope === '') {
    r.add('CRD-SCOPE', 'spec.scope', 'Required value');
  } else if (scope !== 'Cluster' && scope !== 'Namespaced') {
    r.add('CRD-SCOPE', 'spec.scope', `Unsupported value: ${goValue(scope)}: supported values: "Cluster", "Namespaced"`);
  }

  validateVersions(r, spec);
  validateNames(r, names);
  validateConversion(r, spec);
}

const APPROVAL = 'api-approved.kubernetes.io';

/** `validateAPIApproval` (create): protected community groups need the approval annotation. */
function apiApproval(r: DocReporter, group: string, annotations: Record<string, any>): void {
  const isProtected = group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
  if (!isProtected) {
    return;
  }
  const path = `metadata.annotations[${APPROVAL}]`;
  const value = typeof annotations[APPROVAL] === 'string' ? annotations[APPROVAL] : '';
  if (value === '') {
    r.add('CRD-API-APPROVAL', path, `Required value: protected groups must have approval annotation "${APPROVAL}", see https://github.com/kubernetes/enhancements/pull/1111`);
    return;
  }
  if (value.startsWith('unapproved')) {
    return;
  }
  let approved = false;
  try {
    const u = new URL(value);
    approved = u.protocol !== '' && u.host !== '';
  } catch {
    approved = false;
  }
  if (!approved) {
    r.add('CRD-API-APPROVAL', path, `Invalid value: ${q(value)}: protected groups must have approval annotation "${APPROVAL}" with either a URL or a reason starting with "unapproved", `
      + 'see https://github.com/kubernetes/enhancements/pull/1111');
  }
}

function validateVersions(r: DocReporter, spec: Record<string, any>): void {
  const versions = arr(spec.versions);
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((raw, i) => {
    const v = obj(raw);
    const path = index('spec.versions', i);
    const vname = str(v.name) ?? '';
    if (v.storage === true) {
      storage++;
    }
    if (seen.has(vname)) {
      unique = false;
    }
    seen.add(vname);
    const errs = dns1035LabelErrors(vname);
    if (errs.length > 0) {
      r.add('CRD-VERSIONS', child(path, 'name'), `Invalid value: ${q(vname)}: ${errs.join(',')}`);
    }
    for (const e of deprecationWarningErrors(v.deprecated === true, v.deprecationWarning)) {
      r.add('CRD-VERSIONS', child(path, 'deprecationWarning'), `Invalid value: ${goValue(v.deprecationWarning)}: ${e}`);
    }
    const schemaHolder = v.schema;
    const root = isObj(schemaHolder) ? schemaHolder.openAPIV3Schema : undefined;
    const schemaPath = child(child(path, 'schema'), 'openAPIV3Schema');
    if (!isObj(root)) {
      r.add('CRD-SCHEMA-REQUIRED', schemaPath, 'Required value: schemas are required');
    } else {
      const sub = obj(v.subresources);
      validateSchemaDefinition(r, root, schemaPath, isObj(sub.status));
    }
    validateSubresources(r, v.subresources, child(path, 'subresources'));
    arr(v.additionalPrinterColumns).forEach((c, j) => validateColumn(r, obj(c), index(child(path, 'additionalPrinterColumns'), j)));
  });
  if (!unique) {
    r.add('CRD-VERSIONS', 'spec.versions', `Invalid value: ${VERSIONS_VALUE}: must contain unique version names`);
  }
  if (storage !== 1) {
    r.add('CRD-VERSIONS', 'spec.versions', `Invalid value: ${VERSIONS_VALUE}: must have exactly one version marked as storage version`);
  }
}

/** How the API server prints the versions list (Go's %#v, abbreviated). */
const VERSIONS_VALUE = '[]apiextensions.CustomResourceDefinitionVersion{...}';

/** `validateDeprecationWarning` (1.27). */
function deprecationWarningErrors(deprecated: boolean, warning: unknown): string[] {
  if (typeof warning !== 'string') {
    return [];
  }
  if (!deprecated) {
    return ['can only be set for deprecated versions'];
  }
  const errs: string[] = [];
  if (Buffer.byteLength(warning, 'utf8') > 256) {
    errs.push('must be <= 256 characters long');
  }
  if (warning.length === 0) {
    errs.push('must not be an empty string');
  }
  // eslint-disable-next-line no-control-regex
  const at = warning.search(/[\u0000-\u001f\u007f-\u009f]/);
  if (at >= 0) {
    errs.push(`must only contain printable UTF-8 characters; non-printable character found at index ${Buffer.byteLength(warning.slice(0, at), 'utf8')}`);
  }
  return errs;
}

function validateNames(r: DocReporter, names: Record<string, any>): void {
  const req = ['plural', 'singular', 'kind', 'listKind'] as const;
  for (const k of req) {
    const v = names[k];
    if (typeof v !== 'string' || v === '') {
      // singular and listKind are defaulted by the API server (from plural and kind) before validation
      if (k === 'plural' || k === 'kind') {
        r.add('CRD-NAMES', `spec.names.${k}`, 'Required value');
      }
      continue;
    }
    const lower = k === 'kind' || k === 'listKind';
    const errs = dns1035LabelErrors(lower ? v.toLowerCase() : v);
    if (errs.length > 0) {
      r.add('CRD-NAMES', `spec.names.${k}`, `Invalid value: ${q(v)}: ${lower ? 'may have mixed case, but should otherwise match: ' : ''}${errs.join(',')}`);
    }
  }
  arr(names.shortNames).forEach((s, i) => {
    const errs = typeof s === 'string' ? dns1035LabelErrors(s) : [];
    if (errs.length > 0) {
      r.add('CRD-NAMES', index('spec.names.shortNames', i), `Invalid value: ${q(s)}: ${errs.join(',')}`);
    }
  });
  if (typeof names.kind === 'string' && names.kind !== '' && names.kind === names.listKind) {
    r.add('CRD-NAMES', 'spec.names.listKind', `Invalid value: ${q(names.listKind)}: kind and listKind may not be the same`);
  }
  arr(names.categories).forEach((s, i) => {
    const errs = typeof s === 'string' ? dns1035LabelErrors(s) : [];
    if (errs.length > 0) {
      r.add('CRD-NAMES', index('spec.names.categories', i), `Invalid value: ${q(s)}: ${errs.join(',')}`);
    }
  });
}

function validateConversion(r: DocReporter, spec: Record<string, any>): void {
  const conv = spec.conversion;
  if (!isObj(conv)) {
    return;
  }
  const strategy = conv.strategy;
  if (strategy !== 'None' && strategy !== 'Webhook') {
    r.add('CRD-CONVERSION', 'spec.conversion.strategy', strategy === undefined || strategy === ''
      ? 'Required value'
      : `Unsupported value: ${goValue(strategy)}: supported values: "None", "Webhook"`);
    return;
  }
  const webhook = obj(conv.webhook);
  // v1 keeps the client config under webhook.clientConfig; the internal paths name it conversion.webhookClientConfig
  const clientConfig = webhook.clientConfig;
  const reviewVersions = webhook.conversionReviewVersions;
  if (strategy === 'Webhook') {
    if (!isObj(clientConfig)) {
      r.add('CRD-CONVERSION', 'spec.conversion.webhook.clientConfig', 'Required value: required when strategy is set to Webhook');
    } else {
      const hasUrl = typeof clientConfig.url === 'string' && clientConfig.url !== '';
      const hasService = isObj(clientConfig.service);
      if (hasUrl === hasService) {
        r.add('CRD-CONVERSION', 'spec.conversion.webhook.clientConfig', 'Required value: exactly one of url or service is required');
      }
    }
    const versions = arr(reviewVersions);
    if (versions.length === 0) {
      r.add('CRD-CONVERSION', 'spec.conversion.webhook.conversionReviewVersions', 'Required value');
    } else {
      const seen = new Set<string>();
      versions.forEach((v, i) => {
        const vpath = index('spec.conversion.webhook.conversionReviewVersions', i);
        if (seen.has(v)) {
          r.add('CRD-CONVERSION', vpath, `Invalid value: ${goValue(v)}: duplicate version`);
          return;
        }
        seen.add(v);
        for (const e of typeof v === 'string' ? dns1035LabelErrors(v) : []) {
          r.add('CRD-CONVERSION', vpath, `Invalid value: ${q(v)}: ${e}`);
        }
      });
      if (!versions.some((v) => v === 'v1' || v === 'v1beta1')) {
        r.add('CRD-CONVERSION', 'spec.conversion.webhook.conversionReviewVersions',
          `Invalid value: []string{${versions.map((v) => q(String(v))).join(', ')}}: must include at least one of v1, v1beta1`);
      }
    }
  } else {
    if (clientConfig !== undefined && clientConfig !== null) {
      r.add('CRD-CONVERSION', 'spec.conversion.webhook.clientConfig', 'Forbidden: should not be set when strategy is not set to Webhook');
    }
    if (reviewVersions !== undefined && reviewVersions !== null) {
      r.add('CRD-CONVERSION', 'spec.conversion.webhook.conversionReviewVersions', 'Forbidden: should not be set when strategy is not set to Webhook');
    }
  }
}

function simplePathErrors(s: string): string | undefined {
  if (s === '') {
    return 'must not be empty';
  }
  return s[0] !== '.' ? 'must be a simple json path starting with .' : undefined;
}

function validateSubresources(r: DocReporter, sub: unknown, path: string): void {
  const scale = obj(sub).scale;
  if (!isObj(scale)) {
    return;
  }
  const scalePath = child(path, 'scale');
  const check = (field: string, prefixes: string[], where: string, required: boolean): void => {
    const v = scale[field];
    if (typeof v !== 'string' || v === '') {
      if (required) {
        r.add('CRD-SUBRESOURCES', child(scalePath, field), 'Required value');
      }
      return;
    }
    const err = simplePathErrors(v);
    if (err) {
      r.add('CRD-SUBRESOURCES', child(scalePath, field), `Invalid value: ${q(v)}: ${err}`);
    } else if (!prefixes.some((p) => v.startsWith(p))) {
      r.add('CRD-SUBRESOURCES', child(scalePath, field), `Invalid value: ${q(v)}: should be a json path under ${where}`);
    }
  };
  check('specReplicasPath', ['.spec.'], '.spec', true);
  check('statusReplicasPath', ['.status.'], '.status', true);
  check('labelSelectorPath', ['.spec.', '.status.'], 'either .spec or .status', false);
}

function validateColumn(r: DocReporter, col: Record<string, any>, path: string): void {
  if (typeof col.name !== 'string' || col.name === '') {
    r.add('CRD-PRINTER-COLUMNS', child(path, 'name'), 'Required value');
  }
  const types = PRINTER_TYPES.join(',');
  if (col.type === undefined || col.type === '') {
    r.add('CRD-PRINTER-COLUMNS', child(path, 'type'), `Required value: must be one of ${types}`);
  } else if (!PRINTER_TYPES.includes(col.type)) {
    r.add('CRD-PRINTER-COLUMNS', child(path, 'type'), `Invalid value: ${goValue(col.type)}: must be one of ${types}`);
  }
  if (typeof col.format === 'string' && col.format !== '' && !PRINTER_FORMATS.includes(col.format)) {
    r.add('CRD-PRINTER-COLUMNS', child(path, 'format'), `Invalid value: ${q(col.format)}: must be one of ${PRINTER_FORMATS.join(',')}`);
  }
  const jp = col.jsonPath;
  if (typeof jp !== 'string' || jp === '') {
    r.add('CRD-PRINTER-COLUMNS', child(path, 'jsonPath'), 'Required value');
  } else {
    const err = simplePathErrors(jp);
    if (err) {
      r.add('CRD-PRINTER-COLUMNS', child(path, 'jsonPath'), `Invalid value: ${q(jp)}: ${err}`);
    }
  }
}
