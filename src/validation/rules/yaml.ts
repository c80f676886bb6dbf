/**
 * Rules about how a file decodes (src/validation/decode.ts): a file or document kubectl cannot
 * read, and duplicate keys (kubectl keeps the last value).
 */
import type { RuleModule } from './module';
import { q } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';

export const YAML_RULES = defineRules({
  'YAML-INVALID': {
    layer: 'schema',
    severity: Severity.ERROR,
    summary: 'a file or document that kubectl cannot decode (YAML syntax, undefined alias, alias bomb, custom tag, .inf/.nan, null key); the other documents are still checked',
    fix: 'fix the YAML at the line and column given',
    source: 'sigs.k8s.io/yaml v1.3.0 YAMLToJSON over gopkg.in/yaml.v2 v2.4.0 (kubectl\'s decoder in 1.27)',
  },
  'YAML-DUPLICATE-KEY': {
    layer: 'schema',
    severity: Severity.WARNING,
    summary: 'a key appears twice in one mapping; kubectl keeps the last value and silently drops the first',
    fix: 'remove one of the two keys (the first one has no effect)',
    source: 'gopkg.in/yaml.v2 v2.4.0 decoder.mapping (non-strict: the last key wins), as used by sigs.k8s.io/yaml YAMLToJSON',
  },
});

export const YAML_MODULE = {
  name: 'yaml',
  title: 'How the file decodes (YAML 1.1 as kubectl reads it)',
  rules: YAML_RULES,
  checks: [
    {
      kinds: '*',
      check: (r) => {
        for (const d of r.doc.duplicateKeys ?? []) {
          const [first, last] = d.firstLine === d.lastLine
            ? [`${d.firstLine}:${d.firstColumn}`, `${d.lastLine}:${d.lastColumn}`] : [`${d.firstLine}`, `${d.lastLine}`];
          r.add('YAML-DUPLICATE-KEY', d.path, `duplicate key ${q(d.key)} (line ${first} and line ${last}): `
            + `kubectl keeps the value of line ${last} and ignores line ${first}`);
        }
      },
    },
  ],
} as const satisfies RuleModule;
