import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { listChecklists, repositoryChecklistDir, resolveChecklistRef } from '../checklist/catalog.js';
import { loadChecklist, type LoadOptions } from '../checklist/load.js';
import { defaultParseCache } from '../checklist/parse-cache.js';
import { ChecklistError, formatProblem } from '../checklist/problems.js';
import type { Checklist } from '../checklist/schema.js';
import { knownSignalIds } from '../detect/catalog.js';
import { shippedChecklistsDir } from '../util/package-root.js';
import { sanitizeLine } from '../util/sanitize.js';
import { UsageError } from '../runtime/io.js';

/**
 * The I/O edge every command shares: which repository, which assessment file,
 * which checklist. Each resolution fails with a UsageError that says what to do.
 */

export const DEFAULT_CHECKLIST_ID = 'ai-production-readiness';

export function resolveRepoRoot(cwd: string, dir: string | undefined): string {
  const root = path.resolve(cwd, dir ?? '.');
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new UsageError(`no such directory: ${sanitizeLine(root, 400)}; pass the path of the repository to review`);
  }
  if (!st.isDirectory()) throw new UsageError(`${sanitizeLine(root, 400)} is a file, not a directory; pass the repository's directory`);
  return root;
}

export function checklistLoadOptions(cwd: string, env: NodeJS.ProcessEnv, repoRoot: string = cwd): LoadOptions {
  const cache = defaultParseCache(env, cwd);
  return {
    knownSignals: knownSignalIds(),
    ...(cache && { cache }),
    shippedDir: shippedChecklistsDir(),
    extendsRoots: [repositoryChecklistDir(repoRoot)],
    displayPath: (abs: string) => sanitizeLine(path.relative(cwd, abs) || abs, 400),
  };
}

/**
 * Load a checklist by id (shipped or in the repository's .shipshape/checklists/) or
 * by path. Problems become one UsageError listing every line-numbered problem.
 */
export function loadChecklistRef(ref: string | undefined, repoRoot: string, cwd: string, env: NodeJS.ProcessEnv): { checklist: Checklist; source: string } {
  const options = checklistLoadOptions(cwd, env, repoRoot);
  const wanted = ref ?? DEFAULT_CHECKLIST_ID;
  // Fast path, without parsing every catalog entry (YAML parsing is most of a command's
  // start-up): a path is loaded as is, an id from the shipped file of that name.
  const isPath = wanted.includes('/') || wanted.includes('\\') || /\.ya?ml$/i.test(wanted);
  const direct = isPath ? path.resolve(cwd, wanted) : path.join(shippedChecklistsDir(), `${wanted}.yaml`);
  if (existsSync(direct)) {
    try {
      // A path the user typed is theirs to choose; a shipped id is read from the shipped folder only.
      const checklist = loadChecklist(direct, isPath ? options : { ...options, within: [shippedChecklistsDir()] });
      if (isPath) return { checklist, source: path.relative(repoRoot, direct) || direct };
      if (checklist.id === wanted) return { checklist, source: checklist.id };
    } catch (error) {
      if (!(error instanceof ChecklistError)) throw error;
      // Fall through: the catalog search below reports it with every problem.
    }
  }
  // A repository checklist by id, or anything unusual: search the catalog, reusing what it parsed.
  const entries = listChecklists({ shipped: shippedChecklistsDir(), repository: repositoryChecklistDir(repoRoot) }, options);
  const file = resolveChecklistRef(wanted, entries, cwd);
  try {
    const entry = entries.find((e) => e.file === file);
    const checklist = entry?.checklist ?? loadChecklist(file, options);
    return { checklist, source: entry?.origin === 'shipped' ? checklist.id : path.relative(repoRoot, file) || file };
  } catch (error) {
    if (!(error instanceof ChecklistError)) throw error;
    const known = entries.filter((e) => e.checklist).map((e) => e.checklist!.id);
    const notFound = error.problems.length === 1 && error.problems[0]!.message.endsWith('not found');
    if (notFound && !wanted.includes('/') && !/\.ya?ml$/.test(wanted)) {
      throw new UsageError(`no checklist "${sanitizeLine(wanted)}"; known: ${known.join(', ') || 'none'} (or pass a path to a YAML file)`);
    }
    if (notFound) throw new UsageError(`no checklist file at ${sanitizeLine(path.relative(cwd, file) || file, 400)}; see \`shipshape checklist list\``);
    throw new UsageError(`the checklist is not valid:\n${error.problems.map((p) => sanitizeLine(formatProblem(p), 1000)).join('\n')}`);
  }
}
