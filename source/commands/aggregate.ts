import { readdirSync, statSync } from 'node:fs';
import { readTextFileSafe, SafeReadError } from '../util/safe-read.js';
import path from 'node:path';
import { buildFleetView, fleetJson, readFleetEntry, renderFleetMarkdown, type FleetEntry } from '../report/fleet.js';
import { sanitizePath } from '../util/sanitize.js';
import { EXIT_OK, UsageError, type CommandIO } from '../runtime/io.js';
import { resolveOutputs, writeOutputs, type OutputOptions } from './outputs.js';
import { byCodeUnits } from '../util/compare.js';

/**
 * `shipshape aggregate <report.json…|dir>`: the portfolio summary of many
 * repositories' report or check JSON, as collected from their CI artefacts.
 * Directories are searched for `*.json` (not following symlinks, a few levels deep);
 * files that are not shipshape reports or checks are listed as skipped.
 */
export interface AggregateOptions extends OutputOptions {
  staleDays?: number;
  /** Injected clock for tests. */
  now?: Date;
}

const MAX_DEPTH = 4;
const MAX_FILE_BYTES = 50 * 1024 * 1024;

function jsonFiles(dir: string, depth: number, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => byCodeUnits(a.name, b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && depth < MAX_DEPTH && e.name !== 'node_modules' && !e.name.startsWith('.git')) jsonFiles(p, depth + 1, out);
    else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
  }
}

export async function runAggregate(inputs: readonly string[], opts: AggregateOptions, io: CommandIO): Promise<number> {
  const targets = resolveOutputs(opts, ['md', 'json'], 'md', io.cwd);
  if (inputs.length === 0) throw new UsageError('name report or check JSON files, or directories holding them');
  const files: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(io.cwd, input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${sanitizePath(input)}`);
    }
    if (st.isDirectory()) jsonFiles(abs, 0, files);
    else files.push(abs);
  }
  const entries: FleetEntry[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const file of [...new Set(files)]) {
    const shown = sanitizePath(path.relative(io.cwd, file) || file);
    let data: unknown;
    try {
      // A FIFO or a device among the inputs is skipped with its reason, never waited on.
      data = JSON.parse(readTextFileSafe(file, { maxBytes: MAX_FILE_BYTES }));
    } catch (error) {
      const reason = error instanceof SyntaxError ? 'not valid JSON' : error instanceof SafeReadError ? (error.problem === 'too-large' ? 'larger than 50 MB' : error.why) : 'unreadable';
      skipped.push({ file: shown, reason });
      continue;
    }
    const entry = readFleetEntry(data, shown);
    if ('skip' in entry) skipped.push({ file: shown, reason: entry.skip });
    else entries.push(entry);
  }
  if (entries.length === 0) throw new UsageError(`none of the ${files.length} JSON file${files.length === 1 ? '' : 's'} is a shipshape report or check (write them with \`shipshape report --format json\` or \`shipshape check --format json\`)`);
  const view = buildFleetView(entries, skipped, opts.now ?? new Date(), opts.staleDays ?? 90);
  await writeOutputs(targets, (format) => (format === 'json' ? `${JSON.stringify(fleetJson(view), null, 2)}\n` : renderFleetMarkdown(view)), io);
  return EXIT_OK;
}
