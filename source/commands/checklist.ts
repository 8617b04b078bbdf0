import path from 'node:path';
import { listChecklists, repositoryChecklistDir } from '../checklist/catalog.js';
import { loadChecklist } from '../checklist/load.js';
import { ChecklistError, formatProblem } from '../checklist/problems.js';
import { checklistJsonSchemaText } from '../checklist/json-schema.js';
import { SEVERITIES } from '../checklist/schema.js';
import { packageRoot, shippedChecklistsDir } from '../util/package-root.js';
import { sanitizeLine } from '../util/sanitize.js';
import { checklistLoadOptions } from './context.js';
import type { ChecklistsJson } from '../contract/outputs.js';
import { EXIT_OK, EXIT_USAGE, type CommandIO } from '../runtime/io.js';
import { resolveOutputs, writeOutputs, type OutputOptions } from './outputs.js';

export async function checklistList(io: CommandIO, opts: OutputOptions): Promise<number> {
  const targets = resolveOutputs(opts, ['table', 'json'], 'table', io.cwd);
  const entries = listChecklists({ shipped: shippedChecklistsDir(), repository: repositoryChecklistDir(io.cwd) }, checklistLoadOptions(io.cwd, io.env));
  const json: ChecklistsJson = {
    format: 'shipshape-checklists',
    format_version: 1,
    checklists: entries.map((e) => ({
      file: e.file,
      origin: e.origin,
      ...(e.checklist
        ? { id: e.checklist.id, version: e.checklist.version, title: e.checklist.title, sections: e.checklist.sections.length, questions: e.checklist.questions.length, hash: e.checklist.hash }
        : { errors: e.error?.problems.map(formatProblem) ?? [] }),
    })),
  };
  const table: string[] = [];
  if (entries.length === 0) table.push('No checklists found.\n');
  for (const e of entries) {
    // Shipped files live inside the installed tool: their place relative to the user's directory says nothing.
    const shown = sanitizeLine(e.origin === 'shipped' ? path.relative(packageRoot(), e.file) : path.relative(io.cwd, e.file) || e.file, 400);
    if (e.checklist) {
      const c = e.checklist;
      table.push(`${c.id}@${c.version}  ${sanitizeLine(c.title)}\n    ${c.questions.length} questions in ${c.sections.length} sections · ${e.origin} · ${shown}\n`);
    } else {
      table.push(`INVALID  ${shown}  (${e.error?.problems.length ?? 0} problems; run \`shipshape checklist validate ${shown}\`)\n`);
    }
  }
  await writeOutputs(targets, (format) => (format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : table.join('')), io);
  return EXIT_OK;
}

export function checklistValidate(io: CommandIO, file: string): number {
  try {
    const c = loadChecklist(path.resolve(io.cwd, file), checklistLoadOptions(io.cwd, io.env));
    const bySeverity = new Map<string, number>();
    for (const q of c.questions) bySeverity.set(q.severity, (bySeverity.get(q.severity) ?? 0) + 1);
    const counts = SEVERITIES.map((s) => `${bySeverity.get(s) ?? 0} ${s}`).join(', ');
    io.stdout.write(`ok  ${c.id}@${c.version}: ${c.questions.length} questions (${counts}) in ${c.sections.length} sections\n`);
    if (c.sources.length > 1) io.stdout.write(`    built from ${c.sources.join(' ← ')}\n`);
    io.stdout.write(`    content hash ${c.hash.slice(0, 16)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof ChecklistError)) throw error;
    io.stderr.write(`${error.problems.map(formatProblem).map((l) => sanitizeLine(l, 1000)).join('\n')}\n`);
    io.stderr.write(`${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}; the checklist was not accepted.\n`);
    return EXIT_USAGE;
  }
}

export async function checklistSchema(io: CommandIO, opts: OutputOptions = {}): Promise<number> {
  await writeOutputs(resolveOutputs(opts, ['json'], 'json', io.cwd), () => checklistJsonSchemaText(), io);
  return EXIT_OK;
}
