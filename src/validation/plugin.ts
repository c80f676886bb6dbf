/**
 * A validation plugin for cdk8s-cli (`cdk8s synth` with `validations:` in cdk8s.yaml):
 *
 *   validations:
 *     - package: ./node_modules/cdk8s-patterns/lib/validation/plugin
 *       version: 0.0.0
 *       class: ManifestValidationPlugin
 *       properties:
 *         failOn: error
 *         disabledRules: [LINT-RUN-AS-ROOT]
 *
 * The context types are structural copies of cdk8s-cli's `ValidationContext` (cdk8s-cli/plugins),
 * so this file does not depend on cdk8s-cli. Not part of the jsii API.
 */
import * as fs from 'fs';
import { DecodeError } from './decode';
import { decodeManifestsFast } from './decode-fast';
import { decodeErrorFindings, mergeFindings, PositionedFinding } from './decode-findings';
import { Finding, Severity } from './finding';
import { ManifestValidator, ManifestValidatorOptions } from './manifest-validator';
import { Attribution, Attributor, readSynthRecord, recordNotes, resourceName } from './plugin-attribution';
import { ownValue, SourceDoc } from './report';
import { ruleInfo } from './rules';

/** cdk8s-cli `ValidationViolatingResource`. */
export interface PluginViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

/** cdk8s-cli `ValidationViolation`. */
export interface PluginViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly PluginViolatingResource[];
}

/** The part of cdk8s-cli's `ValidationContext` this plugin uses. */
export interface PluginValidationContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: PluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
  /**
   * cdk8s-cli's construct metadata (construct-metadata.json): resource name → construct path. The
   * report looks a violating resource's construct path up here by `resourceName`.
   */
  readonly metadata?: { [resourceName: string]: { readonly path?: string } };
  parseManifest(manifestPath: string): any[];
}

/** `properties:` of the plugin in cdk8s.yaml (plain YAML values). */
export interface ManifestValidationPluginProperties {
  /** 'error' (default), 'warning' or 'info': the lowest severity that fails the synth. */
  readonly failOn?: string;
  /** 'error', 'warning' (default) or 'info': the lowest severity listed in the report. */
  readonly reportLevel?: string;
  /** Rule id → 'error' | 'warning' | 'info'. */
  readonly severityOverrides?: { readonly [ruleId: string]: string };
  /** Rule ids not to check. */
  readonly disabledRules?: readonly string[];
  /** Run the lint rules (default true). */
  readonly lint?: boolean;
  /** Run the rules across objects (default true). */
  readonly crossObject?: boolean;
}

const SEVERITIES: Record<string, Severity> = { error: Severity.ERROR, warning: Severity.WARNING, info: Severity.INFO };
const RANK: Record<Severity, number> = { [Severity.ERROR]: 3, [Severity.WARNING]: 2, [Severity.INFO]: 1 };

function severity(name: string, value: unknown, fallback: Severity): Severity {
  if (value === undefined || value === null) {
    return fallback;
  }
  const s: Severity | undefined = ownValue(SEVERITIES, String(value).toLowerCase());
  if (!s) {
    throw new Error(`ManifestValidationPlugin: '${name}' must be 'error', 'warning' or 'info', got '${String(value)}'`);
  }
  return s;
}

/**
 * Runs the manifest validator over every manifest `cdk8s synth` wrote and reports one violation
 * per rule id (all resources of that rule grouped); the report fails when a finding reaches
 * `failOn`, which makes `cdk8s synth` exit non-zero.
 */
export class ManifestValidationPlugin {
  private readonly options: ManifestValidatorOptions;
  private readonly reportLevel: Severity;

  constructor(properties: ManifestValidationPluginProperties = {}) {
    const overrides: Record<string, Severity> = {};
    for (const [id, s] of Object.entries(properties.severityOverrides ?? {})) {
      overrides[id] = severity(`severityOverrides.${id}`, s, Severity.ERROR);
    }
    this.options = {
      failOn: severity('failOn', properties.failOn, Severity.ERROR),
      severityOverrides: overrides,
      disabledRules: [...properties.disabledRules ?? []],
      lint: properties.lint ?? true,
      crossObject: properties.crossObject ?? true,
    };
    this.reportLevel = severity('reportLevel', properties.reportLevel, Severity.WARNING);
    new ManifestValidator(this.options); // unknown rule ids fail at load time
  }

  /** Called by cdk8s-cli after synthesis. */
  public async validate(context: PluginValidationContext): Promise<void> {
    const validator = new ManifestValidator(this.options);
    const docs: SourceDoc[] = [];
    const errors: DecodeError[] = [];
    for (const manifestPath of context.manifests) {
      // decoded as kubectl decodes it; a file that cannot be read or decoded is a YAML-INVALID finding
      let text: string;
      try {
        text = fs.readFileSync(manifestPath, 'utf8');
      } catch (e) {
        errors.push({ file: manifestPath, message: `cannot read: ${(e as Error).message}`, objectsBefore: 0 });
        continue;
      }
      const decoded = decodeManifestsFast(text, manifestPath, docs.length);
      for (const d of decoded.docs) {
        docs.push(d);
      }
      errors.push(...decoded.errors);
    }
    // what the app recorded at synth (cdk8s-patterns.metadata.json): construct warnings, exact construct paths
    const record = readSynthRecord(context.manifests);
    const findings = mergeFindings(validator._validateDocs(docs, recordNotes(record)), decodeErrorFindings(errors, this.options), context.manifests);
    const failures = validator.failures(findings);
    const listed = findings.filter((f) => failures.includes(f) || RANK[f.severity] >= RANK[this.reportLevel]);
    const attributor = new Attributor(docs, record, context.metadata);
    const attribute = (f: Finding) => attributor.attribute(f.kind, f.namespace, f.name, f.constructPath);
    // cdk8s-cli's report finds a construct path by resource name (when a violation is added), and its
    // metadata is keyed by metadata.name alone: first add the names this report uses, with the path
    if (context.metadata && Object.isExtensible(context.metadata)) {
      for (const a of listed.map(attribute)) {
        if (a.constructPath && !ownValue(context.metadata, a.resourceName)) {
          context.metadata[a.resourceName] = { path: a.constructPath };
        }
      }
    }
    for (const violation of groupByRule(listed, attribute)) {
      context.report.addViolation(violation);
    }
    const count = (s: Severity) => String(findings.filter((f) => f.severity === s).length);
    const objects = docs.filter((d) => d.manifest !== null && d.manifest !== undefined).length;
    context.logger.log(`cdk8s-patterns: validated ${objects} object(s): ${count(Severity.ERROR)} error(s), ${count(Severity.WARNING)} warning(s), ${count(Severity.INFO)} info(s)`);
    context.report.submit(failures.length > 0 ? 'failure' : 'success', {
      objects: String(objects),
      errors: count(Severity.ERROR),
      warnings: count(Severity.WARNING),
      infos: count(Severity.INFO),
      failOn: validator.failOn,
    });
  }
}

/** An object's resource name in the report without construct metadata: kind, namespace and name. */
function plainAttribution(f: Finding): Attribution {
  return { resourceName: resourceName(f.kind, f.namespace, f.name) };
}

/**
 * One violation per rule id; one violating resource per (manifest, object) with every location.
 * `attribute` names each object (see plugin-attribution.ts).
 */
export function groupByRule(findings: Finding[], attribute: (f: Finding) => Attribution = plainAttribution): PluginViolation[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  const out: PluginViolation[] = [];
  for (const [ruleId, list] of [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const resources = new Map<string, { resourceName: string; manifestPath: string; locations: string[] }>();
    for (const f of list) {
      const key = `${f.file ?? ''}\u0000${f.kind}\u0000${f.namespace ?? ''}\u0000${f.name}\u0000${f.constructPath ?? ''}`;
      let res = resources.get(key);
      if (!res) {
        const a = attribute(f);
        res = { resourceName: a.resourceName, manifestPath: f.file ?? '', locations: [] };
      }
      const column = (f as PositionedFinding).column;
      res.locations.push(`${f.path ? `${f.path}: ` : ''}${f.message}${f.line ? ` (line ${f.line}${column ? `, column ${column}` : ''})` : ''}`);
      resources.set(key, res);
    }
    const info = ruleInfo(ruleId);
    const severities = [...new Set(list.map((f) => f.severity))].join('/');
    out.push({
      ruleName: ruleId,
      recommendation: `[${severities}] ${info.summary}`,
      fix: list.find((f) => f.fix)?.fix ?? info.fix ?? 'see docs/validation.md',
      violatingResources: [...resources.values()],
    });
  }
  return out;
}
