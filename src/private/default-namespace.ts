/**
 * The one default namespace of the code base (no imports: the validator and the CLI load it without cdk8s).
 */

/** Namespace an object lands in when neither its metadata nor its chart names one (kubectl's default). */
export const DEFAULT_NAMESPACE = 'default';
