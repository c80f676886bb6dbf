import { IConstruct } from 'constructs';
import { Finding, Severity } from './finding';
import { ManifestValidator, ManifestValidatorOptions } from './manifest-validator';
import { SynthHook, validateScope } from './synth-hook';

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
   * Each synth (`app.synth()`, `app.synthYaml()`, `Testing.synth(chart)`, `chart.toJson()`)
   * validates the objects of the scope once, as one set (a PersistentVolume in one chart and its
   * claim in another are checked together), before anything is written: synthesis fails with
   * every failing finding listed (`[construct path] error RULE-ID Kind name field: message`), and
   * the other findings at or above `reportLevel`, with the warnings the constructs of this library
   * recorded, are printed to stderr once. What is written is the JSON that was validated.
   * Calling it again for the same scope replaces the options.
   *
   * It registers a construct validation on the scope and takes part in each chart's `toJson()`
   * (cdk8s' synthesis hook), so cdk8s' per-chart re-validation of the app is not repeated. Enable
   * it on the App: enabled on one Chart of an app with several charts, that chart's objects are
   * validated (and reported) again whenever another chart is rendered.
   *
   * @param scope the App or Chart whose objects to validate (as one set)
   * @param options severities, disabled rules and what fails the synth
   */
  public static enable(scope: IConstruct, options: ValidationOptions = {}): void {
    new ManifestValidator(options); // fail fast on unknown rule ids
    const hook = SynthHook.of(scope);
    if (hook) {
      hook.options = options;
      return;
    }
    new SynthHook(scope, options, (text) => process.stderr.write(text));
  }

  /**
   * Validates every API object under `scope` now and returns the findings (for your own tests);
   * the warnings constructs recorded are included as `LINT-CONSTRUCT-WARNING` findings.
   *
   * @param scope an App, a Chart or any construct
   * @param options validator options
   */
  public static validate(scope: IConstruct, options: ManifestValidatorOptions = {}): Finding[] {
    return validateScope(scope, new ManifestValidator(options)).findings;
  }

  private constructor() {}
}
