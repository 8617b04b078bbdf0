import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadChecklist, type LoadOptions } from './load.js';
import { ChecklistError } from './problems.js';
import type { Checklist } from './schema.js';

/** Where checklists are looked for: shipped with the tool, and a repository's own. */
export interface CatalogEntry {
  file: string;
  origin: 'shipped' | 'repository';
  checklist?: Checklist;
  error?: ChecklistError;
}

export function repositoryChecklistDir(repoRoot: string): string {
  return path.join(repoRoot, '.shipshape', 'checklists');
}

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

export function listChecklists(dirs: { shipped: string; repository?: string }, options: LoadOptions): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  const add = (file: string, origin: CatalogEntry['origin'], opts: LoadOptions) => {
    try {
      entries.push({ file, origin, checklist: loadChecklist(file, opts) });
    } catch (error) {
      if (error instanceof ChecklistError) entries.push({ file, origin, error });
      else throw error;
    }
  };
  for (const f of yamlFiles(dirs.shipped)) add(f, 'shipped', { ...options, within: [dirs.shipped] });
  // A repository's checklist is read only where it really lies inside the repository.
  const repoRoot = dirs.repository ? path.resolve(dirs.repository, '..', '..') : null;
  if (dirs.repository && repoRoot) for (const f of yamlFiles(dirs.repository)) add(f, 'repository', { ...options, within: [repoRoot], extendsRoots: [dirs.repository] });
  return entries;
}

/** Resolve what a user typed: a path to a file, or the id of a listed checklist. */
export function resolveChecklistRef(ref: string, entries: readonly CatalogEntry[], cwd: string): string {
  const byId = entries.find((e) => e.checklist?.id === ref);
  if (byId) return byId.file;
  // An invalid checklist has no id to match; its file name still names it, so the user sees its problems.
  const byName = entries.find((e) => path.basename(e.file).replace(/\.ya?ml$/i, '') === ref);
  if (byName) return byName.file;
  return path.resolve(cwd, ref);
}
