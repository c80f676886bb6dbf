/**
 * How `Validation.enable` takes part in cdk8s' synthesis (cdk8s 2.x lifecycle):
 *
 * - `App.synth()` and `App.synthYaml()` run every construct validation once for the whole app
 *   (`node.addValidation`), before anything is rendered or written, then render the charts one by
 *   one through `Chart.toJson()`.
 * - `Chart.toJson()` is cdk8s' synthesis hook for one chart (cdk8s-core #1053: "customers will
 *   override this method if they need to inject custom logic to the synthesis process"). Its
 *   default (`App._synthChart`) runs every validation of the whole app *again*, then renders the
 *   chart's objects. `Testing.synth(chart)` is `chart.toJson()`.
 *
 * So the hook has two parts:
 * 1. a construct validation on the enabled scope: it renders every API object of the scope,
 *    validates them as one set, prints what is to be printed and returns the failures (cdk8s then
 *    throws before any file is written). When the validation ran for a whole-app synth, the JSON
 *    it validated is kept for the charts that synth renders next (an "epoch");
 * 2. a `toJson` on each chart of the scope (installed once, on the chart instance, never removed):
 *    when the current epoch holds this chart's validated JSON, it returns exactly that JSON (so
 *    what is written is what was validated, the objects are rendered once, and cdk8s' per-chart
 *    re-validation does not run); otherwise it runs the chart's own `toJson`, whose validation pass
 *    validates afresh.
 *
 * Boundaries: an epoch lasts until its charts are rendered, the next validation, or a render of a
 * chart it does not hold. If a whole-app synth stops between its validation pass and its chart
 * renders (another construct's validation failed, a write failed) and the program then changes an
 * object and renders one of those charts on its own, the chart gets the JSON validated before the
 * change; run the whole synth again instead.
 *
 * A chart wrapped at the same validation that opened the epoch (a chart created after
 * `Validation.enable` and never synthesized since) may be the chart that cdk8s is rendering right
 * now through its own unwrapped `toJson()`; its epoch JSON is therefore checked against a fresh
 * render before it is used, and validated again through cdk8s if it differs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { parse } from 'yaml';
import { Finding, Severity } from './finding';
import { ManifestValidator, ManifestValidatorOptions } from './manifest-validator';
import { ConstructNote, SourceDoc } from './report';
import { ensureSynthRecord } from '../private/synth-record';
import { WARNING_METADATA_TYPE } from '../private/warnings';

/** Options of one enabled scope (see `ValidationOptions`). */
export interface HookOptions extends ManifestValidatorOptions {
  readonly reportLevel?: Severity;
}

const RANK: Record<Severity, number> = { [Severity.ERROR]: 3, [Severity.WARNING]: 2, [Severity.INFO]: 1 };

/** The JSON one whole-app validation validated, waiting for the chart renders of the same synth. */
interface Epoch {
  readonly json: ReadonlyMap<ApiObject, any>;
  /** Charts whose validated JSON can be returned as is. */
  readonly ready: Set<Chart>;
  /** Charts whose validated JSON is returned only if a fresh render equals it. */
  readonly verify: Set<Chart>;
}

/** The result of validating a scope. */
export interface ScopeResult {
  readonly findings: Finding[];
  readonly json: Map<ApiObject, any>;
}

/**
 * Renders every API object under `scope` (`toJson()`), validates them as one set together with
 * the warnings the constructs recorded, and returns the findings and the rendered JSON.
 */
export function validateScope(scope: IConstruct, validator: ManifestValidator): ScopeResult {
  const docs: SourceDoc[] = [];
  const notes: ConstructNote[] = [];
  const json = new Map<ApiObject, any>();
  for (const c of scope.node.findAll()) {
    if (ApiObject.isApiObject(c)) {
      const manifest = c.toJson();
      json.set(c, manifest);
      docs.push({ manifest, index: docs.length, constructPath: c.node.path });
    }
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING_METADATA_TYPE) {
        const doc: SourceDoc = { manifest: { kind: c.constructor.name, metadata: { name: c.node.id } }, index: -1, constructPath: c.node.path };
        notes.push({ doc, message: String(entry.data) });
      }
    }
  }
  return { findings: validator._validateDocs(docs, notes), json };
}

/** The API objects `chart.toJson()` renders, in its order (cdk8s' `chartToKube`). */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => ApiObject.isApiObject(x))
    .filter((x) => Chart.of(x) === chart);
}

const HOOK_ID = 'cdk8s-patterns.validation';

/**
 * True when this process runs under `cdk8s synth` whose cdk8s.yaml (in the working directory, where
 * cdk8s-cli runs the app) configures this library's validation plugin: the plugin's report then
 * lists the findings, and the synth hook only fails the synth on errors.
 */
function pluginWillReport(app: App): boolean {
  if (process.env.CDK8S_RECORD_CONSTRUCT_METADATA !== 'true' || !(app instanceof App)) {
    return false;
  }
  try {
    const config = parse(fs.readFileSync(path.join(process.cwd(), 'cdk8s.yaml'), 'utf8'));
    const validations: unknown[] = Array.isArray(config?.validations) ? config.validations : [];
    return validations.some((v: any) => v !== null && typeof v === 'object'
      && (v.class === 'ManifestValidationPlugin' || String(v.package ?? '').includes('cdk8s-patterns')));
  } catch {
    return false;
  }
}

/** The synth integration of one enabled scope (an App or a Chart), as a construct under it. */
export class SynthHook extends Construct {
  /** The hook of `scope`, or undefined when validation is not enabled there. */
  public static of(scope: IConstruct): SynthHook | undefined {
    const child = scope.node.tryFindChild(HOOK_ID);
    return child instanceof SynthHook ? child : undefined;
  }

  private readonly wrapped = new WeakSet<Chart>();
  private epoch: Epoch | undefined;
  /** Depth of chart renders that went through cdk8s' own `toJson` (their validation pass stands alone). */
  private ownRenders = 0;

  constructor(private readonly scope: IConstruct, public options: HookOptions, private readonly write: (text: string) => void) {
    super(scope, HOOK_ID);
    this.wrapCharts();
    ensureSynthRecord(scope);
    // on the scope itself, so cdk8s prefixes failures with the scope's path (`[]` for the App)
    scope.node.addValidation({ validate: () => this.validateScope() });
  }

  /** The construct validation: validates the scope, prints, returns the failures (formatted). */
  private validateScope(): string[] {
    const fresh = this.wrapCharts();
    this.epoch = undefined;
    const validator = new ManifestValidator(this.options);
    const { findings, json } = validateScope(this.scope, validator);
    const failures = validator.failures(findings);
    const root = this.scope.node.root;
    const level = RANK[this.options.reportLevel ?? Severity.WARNING];
    const shown = findings.filter((f) => !failures.includes(f) && RANK[f.severity] >= level);
    if (root instanceof App && pluginWillReport(root)) {
      if (shown.length > 0) {
        this.write(`cdk8s-patterns: ${shown.length} finding(s) below '${this.options.failOn ?? Severity.ERROR}' left to the validation report of cdk8s synth\n`);
      }
    } else if (shown.length > 0) {
      this.write(`${shown.map((f) => ManifestValidator.formatFinding(f)).join('\n')}\n`);
    }
    if (failures.length === 0 && this.ownRenders === 0 && this.rendersCharts()) {
      // a whole-app synth (or a chart render cdk8s started on a chart we had not wrapped yet)
      const charts = this.charts();
      this.epoch = {
        json,
        ready: new Set(charts.filter((c) => !fresh.has(c))),
        verify: new Set(charts.filter((c) => fresh.has(c))),
      };
    }
    return failures.map((f) => ManifestValidator.formatFinding(f));
  }

  /**
   * False when the app writes one file per object in a folder per chart: that mode renders the
   * objects itself instead of calling `Chart.toJson()`, so no chart render would take the epoch.
   */
  private rendersCharts(): boolean {
    const root = this.scope.node.root;
    return !(root instanceof App) || root.yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;
  }

  /** The charts under the scope (the scope itself when it is a chart). */
  private charts(): Chart[] {
    return this.scope.node.findAll().filter((c): c is Chart => Chart.isChart(c));
  }

  /** Wraps the `toJson` of every chart not wrapped yet; returns the charts wrapped now. */
  private wrapCharts(): Set<Chart> {
    const fresh = new Set<Chart>();
    for (const chart of this.charts()) {
      if (this.wrapped.has(chart)) {
        continue;
      }
      this.wrapped.add(chart);
      fresh.add(chart);
      const own = chart.toJson;
      Object.defineProperty(chart, 'toJson', {
        configurable: true,
        writable: true,
        value: () => this.render(chart, () => own.call(chart)),
      });
    }
    return fresh;
  }

  /** `chart.toJson()`: the epoch's validated JSON when it holds this chart's, else cdk8s' own render. */
  private render(chart: Chart, own: () => any[]): any[] {
    const validated = this.take(chart);
    if (validated) {
      return validated;
    }
    this.ownRenders++;
    try {
      return own();
    } finally {
      this.ownRenders--;
    }
  }

  /** The chart's validated JSON from the current epoch (each chart once), or undefined. */
  private take(chart: Chart): any[] | undefined {
    const epoch = this.epoch;
    if (!epoch || !(epoch.ready.has(chart) || epoch.verify.has(chart))) {
      this.epoch = undefined; // a render outside the epoch's synth: the epoch is over
      return undefined;
    }
    const verify = epoch.verify.has(chart);
    epoch.ready.delete(chart);
    epoch.verify.delete(chart);
    if (epoch.ready.size === 0 && epoch.verify.size === 0) {
      this.epoch = undefined;
    }
    const objects = chartObjects(chart);
    if (!objects.every((o) => epoch.json.has(o))) {
      this.epoch = undefined;
      return undefined;
    }
    const json = objects.map((o) => epoch.json.get(o));
    if (verify && JSON.stringify(objects.map((o) => o.toJson())) !== JSON.stringify(json)) {
      this.epoch = undefined;
      return undefined;
    }
    return json;
  }
}
