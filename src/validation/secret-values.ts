/**
 * The values of a document that redaction hides in messages (shared by the validator and the slim
 * records of the cross-object layer, which keep them). Not part of the jsii API.
 */

/**
 * The values of a document that may be a Secret (its kind spelled in any case, under `kind` or
 * `Kind`, missing, or with `stringData`): data and stringData values, raw and base64-decoded, longest first.
 */
export function secretValuesOf(m: unknown): string[] {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    return [];
  }
  const doc = m as Record<string, any>;
  const secretLike = typeof doc.kind !== 'string' || doc.stringData !== undefined
    || [doc.kind, doc.Kind].some((k) => typeof k === 'string' && k.toLowerCase() === 'secret');
  if (!secretLike) {
    return [];
  }
  const values = new Set<string>();
  for (const field of ['data', 'stringData']) {
    const map = doc[field];
    if (map === null || typeof map !== 'object') {
      continue;
    }
    for (const v of Object.values(map)) {
      if (typeof v !== 'string' || v === '') {
        continue;
      }
      values.add(v);
      if (field === 'data') {
        const decoded = Buffer.from(v, 'base64').toString('utf8');
        if (decoded !== '') {
          values.add(decoded);
        }
      }
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}
