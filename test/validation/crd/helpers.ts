import { parseAllDocuments } from 'yaml';
import { Finding, ManifestValidator } from '../../../src/validation';

/** The manifests of a multi-document YAML text. */
export function docs(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

/** The findings of the apiextensions rules (and unknown fields) as `RULE path: message` lines. */
export function crdFindings(text: string, extra: any[] = []): string[] {
  const findings = new ManifestValidator({ lint: false, customResourceDefinitions: extra }).validate(docs(text));
  return findings.filter(ours).map((f) => `${f.ruleId} ${f.kind}/${f.name} ${f.path}: ${f.message}`);
}

/** Every finding, formatted. */
export function allFindings(text: string, extra: any[] = []): Finding[] {
  return new ManifestValidator({ lint: false, customResourceDefinitions: extra }).validate(docs(text));
}

function ours(f: Finding): boolean {
  return f.ruleId.startsWith('CRD-') || f.ruleId.startsWith('CR-') || f.ruleId === 'SCHEMA-UNKNOWN-FIELD' || f.ruleId === 'SCHEMA-UNKNOWN-KIND';
}

/** A namespaced v1 CRD `widgets.example.com` (kind Widget) with the given openAPIV3Schema (YAML, indented for the spot). */
export function widgetCrd(schema: string, extra = ''): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, listKind: WidgetList }
  versions:
  - name: v1
    served: true
    storage: true
${extra}    schema:
      openAPIV3Schema:
${schema.split('\n').filter((l) => l.trim() !== '').map((l) => `        ${l}`).join('\n')}
`;
}
