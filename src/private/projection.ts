/**
 * ConfigMap / Secret volume projections: which files a `configMap` or `secret` volume creates,
 * and whether `items[].key` and a mount's `subPath` refer to something that exists.
 *
 * Kubernetes does not check either at admission: a missing item key makes the kubelet fail the
 * mount ("configmap references non-existent config key") unless the volume is `optional`, and
 * a `subPath` naming nothing the volume creates makes the kubelet create an empty directory
 * there (so nginx finds a directory where it expected `a.conf`). Shared by `ConfigMapMount`
 * and the manifest validator's cross-object layer.
 */

/** The `items[].key` values that are not keys of the map's data, in the order given (deduplicated). */
export function missingItemKeys(items: Array<{ key: string }>, dataKeys: string[]): string[] {
  const known = new Set(dataKeys);
  const missing: string[] = [];
  for (const item of items) {
    if (!known.has(item.key) && !missing.includes(item.key)) {
      missing.push(item.key);
    }
  }
  return missing;
}

/** Normalises a relative path the way the kubelet's atomic writer joins it: no empty or '.' elements. */
function normalise(p: string): string {
  return p.replace(/\\/g, '/').split('/').filter((e) => e !== '' && e !== '.').join('/');
}

/**
 * Relative file paths a configMap/secret volume creates, sorted: with `items`, the paths of the
 * items whose key is in the data (the kubelet skips the others of an optional volume, and fails
 * the mount of a non-optional one); without items (or an empty list), every data key.
 *
 * @param dataKeys the keys of the map or secret, or undefined when its data is unknown (an object
 *   that is not defined in the app or manifest set): then every item is assumed to exist
 */
export function projectedFiles(items: Array<{ key: string; path: string }> | undefined, dataKeys: string[] | undefined): string[] {
  let paths: string[];
  if (items && items.length > 0) {
    const known = dataKeys === undefined ? undefined : new Set(dataKeys);
    paths = items.filter((i) => known === undefined || known.has(i.key)).map((i) => i.path);
  } else {
    paths = dataKeys ?? [];
  }
  return [...new Set(paths.map(normalise))].sort();
}

/**
 * A problem message when `subPath` names neither a projected file nor a directory that
 * contains one, else undefined. An empty subPath (the whole volume) is fine.
 */
export function subPathProblem(subPath: string, files: string[]): string | undefined {
  const wanted = normalise(subPath);
  if (wanted === '') {
    return undefined;
  }
  const normalised = files.map(normalise);
  if (normalised.includes(wanted) || normalised.some((f) => f.startsWith(`${wanted}/`))) {
    return undefined;
  }
  const available = normalised.length > 0 ? normalised.map((f) => `'${f}'`).join(', ') : 'none';
  return `subPath '${subPath}' names no file the volume creates (files: ${available}); `
    + 'the kubelet would mount an empty directory there instead';
}
