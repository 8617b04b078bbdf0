import * as z from 'zod';
import { ChecklistFileSchema } from './schema.js';

/** The JSON Schema editors use to validate and complete checklist YAML; generated, never hand-edited. */
export function checklistJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ChecklistFileSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://shipshape.dev/schema/checklist.schema.json',
    title: 'shipshape checklist',
    description: 'A shipshape readiness checklist. Generated from source/checklist/schema.ts by `npm run schema`.',
  };
}

export function checklistJsonSchemaText(): string {
  return `${JSON.stringify(checklistJsonSchema(), null, 2)}\n`;
}
