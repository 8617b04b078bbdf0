import { readTextFileSafeAsync, SafeReadError } from '../util/safe-read.js';
import path from 'node:path';
import { verifyDossierText, type EvidenceResult } from '../report/verify.js';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import type { VerifyJson } from '../contract/outputs.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CommandIO } from '../runtime/io.js';
import { resolveOutputs, writeOutputs, type OutputOptions } from './outputs.js';
import { repoOfShipshapeFile } from '../assessment/files.js';

export interface VerifyCommandOptions extends OutputOptions {
  repo?: string;
}


/** A dossier is markdown of a few hundred KB; larger is not one. */
const MAX_DOSSIER_BYTES = 32 * 1024 * 1024;

const LABEL: Record<EvidenceResult['status'], string> = { unchanged: 'unchanged', changed: 'CHANGED', missing: 'MISSING', invalid: 'INVALID' };

/**
 * `shipshape verify <dossier>`: exit 0 when the text is intact and every evidence
 * file still hashes as recorded, 1 when anything differs, 2 when the file cannot
 * be read or is not a shipshape dossier.
 */
export async function runVerifyCommand(dossier: string, opts: VerifyCommandOptions, io: CommandIO): Promise<number> {
  const targets = resolveOutputs(opts, ['table', 'json'], 'table', io.cwd);
  const file = path.resolve(io.cwd, dossier);
  let text: string;
  const inRepo = repoOfShipshapeFile(file);
  try {
    // A dossier kept in a repository's .shipshape/ must really lie inside that repository.
    text = await readTextFileSafeAsync(file, { maxBytes: MAX_DOSSIER_BYTES, ...(inRepo !== null && { within: [inRepo] }) });
  } catch (error) {
    if (!(error instanceof SafeReadError)) throw error;
    io.stderr.write(`shipshape verify: cannot read ${sanitizePath(dossier)}: it ${sanitizeLine(error.why, 300)}\n`);
    return EXIT_USAGE;
  }
  const repo = opts.repo ? path.resolve(io.cwd, opts.repo) : (repoOfShipshapeFile(file) ?? io.cwd);
  const outcome = await verifyDossierText(text, repo);
  if (outcome.kind === 'not-a-dossier') {
    io.stderr.write(`shipshape verify: ${sanitizePath(dossier)} is not a shipshape dossier: ${sanitizeLine(outcome.reason, 300)}\n`);
    return EXIT_USAGE;
  }
  const counts = { unchanged: 0, changed: 0, missing: 0, invalid: 0 };
  for (const e of outcome.evidence) counts[e.status]++;
  const payload: VerifyJson = {
    format: 'shipshape-verify',
    format_version: 1,
    dossier: file,
    repository: repo,
    ok: outcome.ok,
    text: { intact: outcome.textIntact, detail: outcome.textDetail },
    assessment: { id: sanitizeLine(outcome.assessment.id, 200), name: sanitizeLine(outcome.assessment.name, 200), sha256: outcome.assessment.sha256 },
    counts,
    evidence: outcome.evidence.map((e) => ({ ...e, path: sanitizePath(e.path), questions: e.questions.map((q) => sanitizeLine(q, 200)) })),
  };
  const out: string[] = [];
  out.push(`Dossier ${sanitizePath(path.relative(io.cwd, file) || file)} (assessment ${sanitizeLine(outcome.assessment.name, 100)})`);
  out.push(`Repository ${sanitizePath(repo)}`);
  out.push(`Text: ${outcome.textIntact ? 'intact' : `ALTERED: ${outcome.textDetail ?? ''}`}`);
  out.push(`Evidence: ${outcome.evidence.length} file digest(s): ${counts.unchanged} unchanged, ${counts.changed} changed, ${counts.missing} missing, ${counts.invalid} invalid`);
  for (const e of outcome.evidence) {
    if (e.status === 'unchanged') continue;
    const why = e.detail ? ` (${sanitizeLine(e.detail, 200)})` : '';
    out.push(`  ${LABEL[e.status].padEnd(8)} ${sanitizePath(e.path)}${why}; cited by ${sanitizeLine(e.questions.join(', '), 300)}`);
  }
  out.push(outcome.ok ? 'Verified: the dossier matches the repository.' : 'NOT verified: see above.');
  await writeOutputs(targets, (format) => (format === 'json' ? `${JSON.stringify(payload, null, 2)}\n` : `${out.join('\n')}\n`), io);
  return outcome.ok ? EXIT_OK : EXIT_FAILED;
}
