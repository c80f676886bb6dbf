/**
 * Build step (projen `post-compile`: `node lib/validation/schema-codegen.js`): writes the
 * precompiled Ajv validators of the structural layer (see `standaloneChunks` in schema.ts) as one
 * module per chunk, `lib/validation/schemas.generated/<chunk>.js` (chunk names: `chunkOf` in
 * schema-store.ts), next to this file. The directory is emptied first, so no chunk of an earlier
 * build is left behind. Not part of the public API.
 */
import * as fs from 'fs';
import * as path from 'path';
import { standaloneChunks } from './schema';
import { PRECOMPILED_DIR } from './schema-store';

const dir = PRECOMPILED_DIR;
// each chunk requires the formats module next to this file, one directory up from the chunks
const chunks = standaloneChunks('../schema-formats');
fs.rmSync(dir, { recursive: true, force: true });
// the single file of the builds before the chunks, so that a rebuilt lib/ does not ship it
fs.rmSync(path.join(__dirname, 'schemas.generated.js'), { force: true });
fs.mkdirSync(dir, { recursive: true });
for (const [chunk, source] of Object.entries(chunks)) {
  fs.writeFileSync(path.join(dir, `${chunk}.js`), source);
}
const bytes = Object.values(chunks).reduce((sum, source) => sum + Buffer.byteLength(source), 0);
console.log(`schema-codegen: wrote ${Object.keys(chunks).length} files to ${path.relative(process.cwd(), dir)}/ (${Math.round(bytes / 1024)} KiB)`);
