/**
 * Custom resources validated against the CustomResourceDefinitions of the set.
 * (Placeholder of the interface the manifest validator calls: no CRD is recognised yet.)
 */
import type { DocReporter, SourceDoc } from '../report';

export class CustomResources {
  /** The CRDs found among `docs`, plus `extra` (CRD manifests given with `customResourceDefinitions` / `--crd`). */
  public static fromDocs(_docs: readonly SourceDoc[], _extra: readonly any[] = []): CustomResources {
    return new CustomResources();
  }

  private constructor() {}

  /** True when a CRD of the set defines `m`'s apiVersion and kind. */
  public has(_m: any): boolean {
    return false;
  }

  /** Validates `m` against its CRD's schema (structure layer for custom resources). */
  public validate(_r: DocReporter, _m: any): void {}
}
