import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checklistJsonSchemaText } from '../source/checklist/json-schema.js';
import { CONTRACTS, contractJsonSchemaText } from '../source/contract/registry.js';
import { packageRoot, shippedChecklistsDir } from '../source/util/package-root.js';

/** Writes every generated JSON Schema: the checklist's (for editors) and one per JSON output (schemas/, shipped). */
const out = path.join(shippedChecklistsDir(), 'checklist.schema.json');
writeFileSync(out, checklistJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
const dir = path.join(packageRoot(), 'schemas');
mkdirSync(dir, { recursive: true });
for (const c of CONTRACTS) {
  const file = path.join(dir, c.file);
  writeFileSync(file, contractJsonSchemaText(c));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
