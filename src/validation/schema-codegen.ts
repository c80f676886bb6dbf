/**
 * Build step (projen `post-compile`: `node lib/validation/schema-codegen.js`): writes
 * `lib/validation/schemas.generated.js`, the precompiled Ajv validators of the structural layer
 * (see `standaloneSource` in schema.ts), next to this file. Not part of the public API.
 */
import * as fs from 'fs';
import * as path from 'path';
import { standaloneSource } from './schema';

const out = path.join(__dirname, 'schemas.generated.js');
fs.writeFileSync(out, standaloneSource('./schema-formats'));
console.log(`schema-codegen: wrote ${path.relative(process.cwd(), out)} (${Math.round(fs.statSync(out).size / 1024)} KiB)`);
