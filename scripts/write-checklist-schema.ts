import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checklistJsonSchemaText } from '../source/checklist/json-schema.js';
import { shippedChecklistsDir } from '../source/util/package-root.js';

const out = path.join(shippedChecklistsDir(), 'checklist.schema.json');
writeFileSync(out, checklistJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
