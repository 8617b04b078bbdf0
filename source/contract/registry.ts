import * as z from 'zod';
import * as out from './outputs.js';

/**
 * Every JSON output with its format name, version and schema. The JSON Schemas in
 * `schemas/` are generated from this list (`npm run schema`; a test fails when they
 * are stale) and ship in the package.
 */

export const SCHEMA_BASE = 'https://shipshape.dev/schema/';

export interface Contract {
  format: string;
  version: number;
  /** File name under schemas/. */
  file: string;
  title: string;
  schema: z.ZodType;
}

const contract = (format: string, version: number, title: string, schema: z.ZodType): Contract => ({ format, version, file: `${format.replace(/^shipshape-/, '')}.schema.json`, title, schema });

export const CONTRACTS: readonly Contract[] = [
  contract('shipshape-scan', 1, '`shipshape scan --format json`', out.ScanOutput),
  contract('shipshape-check', 1, '`shipshape check --format json`', out.CheckOutput),
  contract('shipshape-report', 1, '`shipshape report --format json`', out.ReportOutput),
  contract('shipshape-verify', 1, '`shipshape verify --format json`', out.VerifyOutput),
  contract('shipshape-history', 1, '`shipshape history --format json`', out.HistoryOutput),
  contract('shipshape-diff', 1, '`shipshape diff --format json`', out.DiffOutput),
  contract('shipshape-baseline', 1, '`--write-baseline` files', out.BaselineOutput),
  contract('shipshape-signals', 1, '`shipshape scan --list-signals --format json`', out.SignalsOutput),
  contract('shipshape-checklists', 1, '`shipshape checklist list --format json`', out.ChecklistsOutput),
  contract('shipshape-version', 1, '`shipshape version --format json`', out.VersionOutput),
  contract('shipshape-aggregate', 1, '`shipshape aggregate --format json`', out.AggregateOutput),
];

export function schemaId(c: Contract): string {
  return `${SCHEMA_BASE}${c.file}`;
}

/** The compatibility promise, made explicit: every object accepts fields it does not list. */
function open(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(open);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' && v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([p, x]) => [p, open(x)])) : open(v);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = true;
  return out;
}

export function contractJsonSchema(c: Contract): Record<string, unknown> {
  // io 'input': the shape a producer writes; zod then leaves objects open, and open() says so.
  const schema = open(z.toJSONSchema(c.schema, { target: 'draft-2020-12', io: 'input' })) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: schemaId(c),
    title: `${c.format} v${c.version}`,
    description: `The JSON of ${c.title}. Generated from source/contract/outputs.ts by \`npm run schema\`; every object is open: ignore fields you do not know.`,
    ...rest,
  };
}

export function contractJsonSchemaText(c: Contract): string {
  return `${JSON.stringify(contractJsonSchema(c), null, 2)}\n`;
}
