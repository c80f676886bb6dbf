import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Finding, Severity } from './finding';
import { ManifestValidator, ManifestValidatorOptions } from './manifest-validator';
import { ConstructNote, SourceDoc } from './report';
import { WARNING_METADATA_TYPE } from '../private/warnings';

/**
 * Options for `Validation.enable()` and `Validation.validate()`.
 */
export interface ValidationOptions extends ManifestValidatorOptions {
  /**
   * The lowest severity printed to stderr at synth (failures are always part of the synth error).
   *
   * `Severity.ERROR` prints nothing on success.
   *
   * @default Severity.WARNING
   */
  readonly reportLevel?: Severity;
}

const RANK: Record<Severity, number> = { [Severity.ERROR]: 3, [Severity.WARNING]: 2, [Severity.INFO]: 1 };
const ENABLED = new WeakMap<IConstruct, ValidationOptions>();

/**
 * Validates what a cdk8s app or chart synthesizes, as part of `app.synth()` / `cdk8s synth` /
 * `Testing.synth()`.
 *
 * @example
 * const app = new App();
 * const chart = new Chart(app, 'web');
 * Validation.enable(app); // synth fails on errors and prints warnings to stderr
 * app.synth();
 */
export class Validation {
  /**
   * Enables manifest validation for every API object under `scope` (an `App` or a `Chart`).
   *
   * Registers a construct validation (`node.addValidation`), so synthesis fails with every
   * failing finding listed (`[construct path] error RULE-ID Kind name field: message`), and prints
   * the other findings at or above `reportLevel`, together with the warnings the constructs of this
   * library recorded, to stderr. Calling it again for the same scope replaces the options.
   *
   * @param scope the App or Chart whose objects to validate (as one set)
   * @param options severities, disabled rules and what fails the synth
   */
  public static enable(scope: IConstruct, options: ValidationOptions = {}): void {
    new ManifestValidator(options); // fail fast on unknown rule ids
    const already = ENABLED.has(scope);
    ENABLED.set(scope, options);
    if (already) {
      return;
    }
    // app.synth() validates the whole app, then renders each chart through Chart.toJson(), which
    // validates the whole app again: those per-chart runs reuse the result of the app-level run of
    // the same app.synth() call, so one synth validates and prints once. Every other synth
    // (Testing.synth(chart), chart.toJson(), app.synthYaml(), the next app.synth()) validates afresh.
    let current: string[] | undefined;
    let restorePrevious = () => {};
    scope.node.addValidation({
      validate: () => {
        const reuse = current !== undefined && calledFromChartOfAppSynth();
        if (reuse) {
          return current!;
        }
        restorePrevious(); // what a previous run prepared but did not render is rendered afresh
        restorePrevious = () => {};
        const opts = ENABLED.get(scope) ?? {};
        const validator = new ManifestValidator(opts);
        const { findings, rendered } = collectAndValidate(scope, validator);
        const failures = validator.failures(findings);
        if (failures.length === 0) {
          restorePrevious = reuseRenderedJson(rendered);
        }
        const level = RANK[opts.reportLevel ?? Severity.WARNING];
        const shown = findings.filter((f) => !failures.includes(f) && RANK[f.severity] >= level);
        if (shown.length > 0) {
          process.stderr.write(`${shown.map((f) => ManifestValidator.formatFinding(f)).join('\n')}\n`);
        }
        const formatted = failures.map((f) => ManifestValidator.formatFinding(f));
        current = formatted;
        process.nextTick(() => {
          current = undefined;
        });
        return formatted;
      },
    });
  }

  /**
   * Validates every API object under `scope` now and returns the findings (for your own tests);
   * the warnings constructs recorded are included as `LINT-CONSTRUCT-WARNING` findings.
   *
   * @param scope an App, a Chart or any construct
   * @param options validator options
   */
  public static validate(scope: IConstruct, options: ManifestValidatorOptions = {}): Finding[] {
    return collectAndValidate(scope, new ManifestValidator(options)).findings;
  }

  private constructor() {}
}

/**
 * Renders every API object under `scope` (`toJson()`), validates them as one set together with
 * the warnings constructs recorded, and returns the findings and the rendered objects.
 */
function collectAndValidate(scope: IConstruct, validator: ManifestValidator): { findings: Finding[]; rendered: Array<[ApiObject, any]> } {
  const docs: SourceDoc[] = [];
  const notes: ConstructNote[] = [];
  const rendered: Array<[ApiObject, any]> = [];
  for (const c of scope.node.findAll()) {
    if (ApiObject.isApiObject(c)) {
      const manifest = c.toJson();
      rendered.push([c, manifest]);
      docs.push({ manifest, index: docs.length, constructPath: c.node.path });
    }
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING_METADATA_TYPE) {
        const doc: SourceDoc = { manifest: { kind: c.constructor.name, metadata: { name: c.node.id } }, index: -1, constructPath: c.node.path };
        notes.push({ doc, message: String(entry.data) });
      }
    }
  }
  return { findings: validator._validateDocs(docs, notes), rendered };
}

/**
 * cdk8s validates before it renders, so without this every object would be rendered twice
 * (`toJson()` resolves every token again: about as expensive as the rest of synth). The JSON just
 * validated is handed to the synth that follows, once per object: each object's next `toJson()`
 * returns it and restores the normal method, and anything not consumed is restored when the
 * current synchronous synth has returned (`process.nextTick`). So what is written is exactly what
 * was validated, and later calls render afresh.
 * A new validation run first restores whatever a previous run prepared and nothing rendered
 * (e.g. chart b's objects after `Testing.synth(a)` with validation enabled on the App).
 */
function reuseRenderedJson(rendered: Array<[ApiObject, any]>): () => void {
  const patched: Array<[ApiObject, () => any]> = [];
  for (const [apiObject, json] of rendered) {
    if (Object.prototype.hasOwnProperty.call(apiObject, 'toJson')) {
      continue; // someone else overrides toJson on this instance: leave it alone
    }
    const once = () => {
      delete (apiObject as any).toJson;
      return json;
    };
    Object.defineProperty(apiObject, 'toJson', { configurable: true, writable: true, value: once });
    patched.push([apiObject, once]);
  }
  const restore = () => {
    for (const [apiObject, once] of patched) {
      if ((apiObject as any).toJson === once) {
        delete (apiObject as any).toJson;
      }
    }
    patched.length = 0;
  };
  process.nextTick(restore);
  return restore;
}

/**
 * True when cdk8s runs the app's validations for one chart inside `app.synth()`
 * (`App.synth` → `Chart.toJson` → `App._synthChart` → validate). Read from the call stack; if
 * cdk8s ever renames these, this is false and the app is simply validated once more per chart.
 */
function calledFromChartOfAppSynth(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  try {
    const stack = new Error().stack ?? '';
    return stack.includes('_synthChart') && /\bApp\.synth \(/.test(stack);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
