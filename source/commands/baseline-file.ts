import { repoOfShipshapeFile } from '../assessment/files.js';
import { readTextFileSafeAsync, SafeReadError } from '../util/safe-read.js';
import path from 'node:path';
import { BaselineError, parseBaseline, renderBaseline } from '../report/baseline.js';
import type { Finding } from '../report/findings.js';
import { toolVersion } from '../util/package-root.js';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import { UsageError, type CommandIO } from '../runtime/io.js';
import { writeOutputs } from './outputs.js';

/** The file edge of baselines (`--baseline`, `--write-baseline`) shared by scan and check. */

export async function readBaselineFile(file: string, io: CommandIO): Promise<{ shown: string; known: Set<string> }> {
  const abs = path.resolve(io.cwd, file);
  const shown = sanitizePath(path.relative(io.cwd, abs) || abs);
  let text: string;
  try {
    // A baseline kept in a repository's .shipshape/ must really lie inside that repository.
    const repo = repoOfShipshapeFile(abs);
    text = await readTextFileSafeAsync(abs, { maxBytes: 64 * 1024 * 1024, ...(repo !== null && { within: [repo] }) });
  } catch (error) {
    if (!(error instanceof SafeReadError)) throw error;
    if (error.problem === 'missing') throw new UsageError(`cannot read the baseline ${shown} (ENOENT); write one with --write-baseline <file>`);
    throw new UsageError(`cannot read the baseline ${shown}: it ${sanitizeLine(error.why, 300)}`);
  }
  try {
    return { shown, known: parseBaseline(text, shown) };
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(sanitizeLine(error.message, 500));
    throw error;
  }
}

export async function writeBaselineFile(file: string, findings: readonly Finding[], io: CommandIO, now: Date): Promise<void> {
  await writeOutputs([{ format: 'json', file: path.resolve(io.cwd, file) }], () => renderBaseline(findings, toolVersion(), now), io);
}
