/**
 * docs/validation.md, rendered from the rule catalog (`scripts/validation-docs.ts` writes it; a
 * test compares it with the committed file). The prose header is fixed here; the tables are the
 * modules' rule declarations.
 */
import { MODULES } from './catalog';
import type { RuleModule } from './module';
import type { RuleLayer, RuleSpec } from '../core/rule';

const LAYER_NAMES: Record<RuleLayer, string> = { schema: '1 structure', api: '2 API server', cross: '3 across objects', lint: '4 lint' };

const HEADER = `<!-- Generated from the rule modules in src/validation/rules/ by scripts/validation-docs.ts: do not edit; run \`npx projen docs:validation\`. -->

# Validation rule reference

The rules \`ManifestValidator\`, \`Validation.enable()\`, the \`cdk8s-patterns validate\` CLI and the cdk8s-cli plugin
report, grouped by the rule module (\`src/validation/rules/<module>.ts\`) that declares and checks them. The entry points
are described in the [README](../README.md#validation).

## Layers

| Layer | What it checks |
| --- | --- |
| 1 structure | strict decoding against the 1.27 OpenAPI schemas of every built-in kind: unknown fields, wrong JSON types, bad enum values, malformed quantities, non-base64 data, API versions 1.27 does not serve |
| 2 API server | the validation functions a 1.27 API server runs on create (\`ValidateObjectMeta\` with each kind's name rule, \`ValidatePodSpec\`, \`ValidatePersistentVolume\`, ...), after the server's defaulting, so what the server accepts is not an error |
| 3 across objects | what no single API call sees: static PV/PVC pairs the binder would never bind, references to objects of the set (ConfigMaps, Secrets, claims, keys, subPaths, pull secrets), Services selecting no pod or no port, containers that can never start |
| 4 lint | best-practice checks after kube-linter and Polaris (warning or info, never an error by default) |

A StatefulSet's pod template is not validated as a pod by a 1.27 API server (the controller's pod creation is): the
pod-spec findings on a StatefulSet say that the StatefulSet is accepted but its pods cannot be created. Volumes the
controller adds (its \`volumeClaimTemplates\`) count as volumes of the pods.

## Severities and configuration

- \`error\`: the API server rejects the object, or the objects of the set can never work together (a claim that never
  binds, a key that is not there). \`warning\`: probably wrong, or wrong depending on the cluster. \`info\`: worth a look.
- **Cluster-dependent rules** (their summary starts with "cluster-dependent") are warnings or infos: an object that is
  not in the set may exist in the cluster, and a default StorageClass may or may not exist. Rules that say a claim
  "never binds" within the set stay errors.
- \`failOn\` (\`--fail-on\`) sets the lowest severity that fails the synth or the CLI (default \`error\`).
- \`severityOverrides\` (\`--severity RULE=LEVEL\`) changes a rule's severity; \`disabledRules\` (\`--disable RULE\`) turns
  rules off; \`lint: false\` (\`--no-lint\`) skips layer 4; \`crossObject: false\` (\`--no-cross-object\`) skips layer 3.
  Unknown rule ids are rejected.

Each rule below has a manifest that must be flagged and a near miss that must pass in \`test/validation/corpus/\`. The
"follows" column names the Kubernetes function (release-1.27) or the tool check the rule is after.
`;

const FOOTER = `
The conditions and messages follow the Kubernetes sources (\`kubernetes/kubernetes\` release-1.27 \`validation.go\`,
apimachinery and component-helpers \`v0.27.16\`); binding rules come from \`src/private/binding.ts\`, shared with
\`StaticPvWithClaim\`; the example apps' outputs are the valid real-world corpus (\`test/examples.test.ts\`).
`;

/** A table cell: no line breaks, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function row(id: string, spec: RuleSpec): string {
  return `| \`${id}\` | ${LAYER_NAMES[spec.layer]} | ${spec.severity} | ${cell(spec.summary)} | ${cell(spec.fix)} | ${cell(spec.source)} |`;
}

/** docs/validation.md, from the catalog's modules in catalog order. */
export function renderRuleReference(modules: readonly RuleModule[] = MODULES): string {
  const sections = modules.map((mod) => {
    const rows = Object.entries(mod.rules).map(([id, spec]) => row(id, spec));
    return [
      `## ${mod.name}`,
      '',
      `${cell(mod.title)} (${rows.length} rule${rows.length === 1 ? '' : 's'}).`,
      '',
      '| Rule id | Layer | Default | What it flags | Fix | Follows |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
  });
  return `${HEADER}\n${sections.join('\n\n')}\n${FOOTER}`;
}
