/**
 * Writes docs/validation.md from the rule catalog (`npx projen docs:validation`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderRuleReference } from '../src/validation/rules/reference';

const target = path.join(__dirname, '..', 'docs', 'validation.md');
fs.writeFileSync(target, renderRuleReference());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
