/**
 * How serious a validation finding is.
 */
export enum Severity {
  /** A 1.27 API server (or its PV binder) would reject the object, or it can never work. Fails the build by default. */
  ERROR = 'error',
  /** Accepted by Kubernetes, but probably wrong or unsafe (best-practice lint). */
  WARNING = 'warning',
  /** A notice: worth knowing, rarely worth changing. */
  INFO = 'info',
}

/**
 * One problem the manifest validator found in one Kubernetes object.
 */
export interface Finding {
  /**
   * The rule that produced the finding, e.g. `CTR-NAME-UNIQUE`, `BIND-CLASS`, `SCHEMA-UNKNOWN-FIELD`.
   *
   * The ids are those of the rule catalog (see docs/validation.md).
   */
  readonly ruleId: string;

  /**
   * The severity after applying the validator's overrides.
   */
  readonly severity: Severity;

  /**
   * The `kind` of the object, e.g. `Pod` (`?` when the document has none).
   */
  readonly kind: string;

  /**
   * The `apiVersion` of the object.
   *
   * @default - the document has no apiVersion
   */
  readonly apiVersion?: string;

  /**
   * The `metadata.name` of the object (`?` when it has none).
   */
  readonly name: string;

  /**
   * The `metadata.namespace` of the object.
   *
   * @default - no namespace in the manifest
   */
  readonly namespace?: string;

  /**
   * The field the finding is about, e.g. `spec.containers[0].volumeMounts[1].subPath`.
   *
   * Map keys are written in brackets (`data[.dockerconfigjson]`); empty for the whole object.
   */
  readonly path: string;

  /**
   * What is wrong, in the API server's words where it has some, e.g.
   * `Duplicate value: "app"` or `strict decoding error: unknown field "spec.containers[0].imagee"`.
   *
   * Never contains a Secret value.
   */
  readonly message: string;

  /**
   * How to fix it.
   *
   * @default - no hint
   */
  readonly fix?: string;

  /**
   * The construct path of the object, when it was synthesized by a cdk8s app (e.g. `web/pod/Resource`).
   *
   * @default - not from a cdk8s app
   */
  readonly constructPath?: string;

  /**
   * The file the object was read from (CLI and cdk8s-cli plugin).
   *
   * @default - not read from a file
   */
  readonly file?: string;

  /**
   * The 1-based line of the object (or of the field, when known) in `file`.
   *
   * @default - unknown
   */
  readonly line?: number;
}
