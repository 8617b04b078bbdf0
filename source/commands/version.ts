import type { VersionJson } from '../contract/outputs.js';
import { CONTRACTS, schemaId } from '../contract/registry.js';
import { toolVersion } from '../util/package-root.js';
import { EXIT_OK, type CommandIO } from '../runtime/io.js';
import { resolveOutputs, writeOutputs, type OutputOptions } from './outputs.js';

/** `shipshape version [--format json]`: the tool's version and every JSON format it writes, for pipelines that pin both. */
export async function runVersion(opts: OutputOptions, io: CommandIO): Promise<number> {
  const json: VersionJson = {
    format: 'shipshape-version',
    format_version: 1,
    name: 'shipshape',
    version: toolVersion(),
    node: process.versions.node,
    formats: CONTRACTS.map((c) => ({ format: c.format, format_version: c.version, schema: schemaId(c) })),
  };
  await writeOutputs(resolveOutputs(opts, ['table', 'json'], 'table', io.cwd), (format) => (format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `shipshape ${json.version} (node ${json.node})\n`), io);
  return EXIT_OK;
}
