/**
 * Namespaces: the one default namespace of the code base, and where an object of a construct lands.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';

import { DEFAULT_NAMESPACE } from './default-namespace';

export { DEFAULT_NAMESPACE };

/** The namespace an object of `scope` lands in: its own, else the chart's, else 'default'. */
export function namespaceOf(scope: IConstruct, explicit?: string): string {
  return explicit ?? Chart.of(scope).namespace ?? DEFAULT_NAMESPACE;
}

/**
 * cdk8s writes the chart's namespace into every object, cluster-scoped ones included; the API server
 * ignores it on PersistentVolumes and StorageClasses, and linters flag it. Remove it.
 */
export function dropNamespaceOfClusterScoped(obj: ApiObject, explicit?: string): void {
  if (explicit === undefined && Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
