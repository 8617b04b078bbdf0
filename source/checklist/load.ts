import { realpathSync } from 'node:fs';
import path from 'node:path';
import { readTextFileSafe, SafeReadError } from '../util/safe-read.js';
import { canonicalJson, sha256Hex } from './hash.js';
import { mergeChecklist, type Merged } from './merge.js';
import { parseChecklistText, type Locator, type ParseCache } from './parse.js';
import { ChecklistError, type ChecklistProblem } from './problems.js';
import type { Checklist, ChecklistFile } from './schema.js';

export interface LoadOptions {
  /** Signal ids the detectors produce; a rule naming any other id is an error. Omit to skip that check. */
  knownSignals?: ReadonlySet<string>;
  /** Directory of shipped checklists, so `extends: <id>` can name one by id. */
  shippedDir?: string;
  /** How file paths appear in messages (default: relative to cwd). */
  displayPath?: (absolute: string) => string;
  /** Parsed data of checklist texts seen before (see parse-cache.ts). */
  cache?: ParseCache;
  /**
   * Folders the named file must really be in (a repository's own checklist may not
   * be a link out of the repository). Omitted: anywhere, for a path the user typed.
   */
  within?: readonly string[];
  /**
   * Folders an `extends` may lead into besides the extending file's own folder and
   * the shipped checklists: the repository's .shipshape/checklists/.
   */
  extendsRoots?: readonly string[];
}

/** A checklist is a few hundred KB at most; past this it is not one. */
export const MAX_CHECKLIST_BYTES = 2 * 1024 * 1024;

interface LoadedFile {
  abs: string;
  shown: string;
  file: ChecklistFile;
  locate: Locator;
}

/** Load, validate and resolve a checklist file (following `extends`). Throws ChecklistError. */
export function loadChecklist(file: string, options: LoadOptions = {}): Checklist {
  const show = options.displayPath ?? ((abs: string) => path.relative(process.cwd(), abs) || abs);
  const chain: LoadedFile[] = [];
  const seen = new Set<string>();
  let current = path.resolve(file);
  let from: { loaded: LoadedFile } | undefined;

  for (;;) {
    if (seen.has(current)) {
      const at = from!.loaded;
      throw new ChecklistError([{ file: at.shown, ...at.locate(['extends']), field: 'extends', message: `extends forms a cycle back to ${show(current)}` }]);
    }
    seen.add(current);
    const within = from ? extendsRoots(from.loaded, options) : options.within;
    const loaded = readOne(current, show, from?.loaded, options.cache, within);
    chain.unshift(loaded);
    const parent = loaded.file.extends;
    if (!parent) break;
    current = resolveExtends(parent, loaded, options.shippedDir);
    from = { loaded };
  }

  const problems: ChecklistProblem[] = [];
  for (const loaded of chain) problems.push(...duplicateIds(loaded));

  let merged: Merged = { sections: [], questions: [] };
  for (const loaded of chain) {
    const { merged: next, issues } = mergeChecklist(merged, loaded.file);
    for (const issue of issues) problems.push({ file: loaded.shown, ...loaded.locate(issue.path), field: fieldOf(issue.path), message: issue.message });
    merged = next;
  }
  problems.push(...crossReferences(merged, chain, options.knownSignals));
  if (problems.length > 0) throw new ChecklistError(problems);

  const top = chain[chain.length - 1]!.file;
  return {
    id: top.id,
    version: top.version,
    title: top.title,
    ...(top.description ? { description: top.description } : {}),
    sections: merged.sections,
    questions: merged.questions,
    // Tags label output, they do not change what was asked: a saved assessment stays pinned when they change.
    hash: sha256Hex(canonicalJson({ id: top.id, version: top.version, sections: merged.sections.map(({ tags: _tags, ...s }) => s), questions: merged.questions })),
    sources: chain.map((c) => c.shown),
  };
}

/** Where an `extends` from `from` may lead: its own folder, the shipped checklists, the repository's checklist folder. */
function extendsRoots(from: LoadedFile, options: LoadOptions): string[] {
  let own = path.dirname(from.abs);
  try {
    own = path.dirname(realpathSync(from.abs));
  } catch {
    // the file was read a moment ago; keep its lexical folder
  }
  return [own, ...(options.shippedDir ? [options.shippedDir] : []), ...(options.extendsRoots ?? [])];
}

function readOne(abs: string, show: (p: string) => string, referrer: LoadedFile | undefined, cache: ParseCache | undefined, within: readonly string[] | undefined): LoadedFile {
  const shown = show(abs);
  let text: string;
  try {
    text = readTextFileSafe(abs, {
      maxBytes: MAX_CHECKLIST_BYTES,
      ...(within && {
        within,
        withinWhat: referrer ? "the folders a checklist may extend from (its own folder, the repository's .shipshape/checklists/, the shipped checklists)" : 'the repository',
      }),
    });
  } catch (error) {
    if (!(error instanceof SafeReadError)) throw error;
    // The reason names the file's kind, size or first bad byte, never its content.
    const why = error.problem === 'missing' ? 'not found' : error.why;
    if (referrer) {
      throw new ChecklistError([{ file: referrer.shown, ...referrer.locate(['extends']), field: 'extends', message: `${shown} ${why}` }]);
    }
    const at = error.position ? { line: error.position.line, column: error.position.column } : { line: 1, column: 1 };
    throw new ChecklistError([{ file: shown, ...at, field: '', message: `checklist file ${why}` }]);
  }
  const result = parseChecklistText(text, shown, cache);
  if (!result.ok) throw new ChecklistError(result.problems);
  return { abs, shown, file: result.value, locate: result.locate };
}

function resolveExtends(ref: string, from: LoadedFile, shippedDir: string | undefined): string {
  const looksLikePath = ref.includes('/') || ref.includes('\\') || /\.ya?ml$/i.test(ref);
  if (looksLikePath) return path.resolve(path.dirname(from.abs), ref);
  if (shippedDir) return path.join(shippedDir, `${ref}.yaml`);
  return path.resolve(path.dirname(from.abs), `${ref}.yaml`);
}

function duplicateIds(loaded: LoadedFile): ChecklistProblem[] {
  const out: ChecklistProblem[] = [];
  const check = (kind: 'sections' | 'questions', items: { id: string }[] | undefined) => {
    const first = new Map<string, number>();
    (items ?? []).forEach((item, i) => {
      const prev = first.get(item.id);
      if (prev === undefined) first.set(item.id, i);
      else {
        const line = loaded.locate([kind, prev, 'id']).line;
        out.push({ file: loaded.shown, ...loaded.locate([kind, i, 'id']), field: `${kind}[${i}].id`, message: `duplicate id "${item.id}" (first used at line ${line})` });
      }
    });
  };
  check('sections', loaded.file.sections);
  check('questions', loaded.file.questions);
  return out;
}

/** Checks that need the merged result: sections exist, signals exist, something is asked. */
function crossReferences(merged: Merged, chain: LoadedFile[], knownSignals: ReadonlySet<string> | undefined): ChecklistProblem[] {
  const out: ChecklistProblem[] = [];
  const sectionIds = new Set(merged.sections.map((s) => s.id));
  const top = chain[chain.length - 1]!;
  // Report a problem in the file that defined the question.
  const owner = (qid: string) => {
    for (let i = chain.length - 1; i >= 0; i--) {
      const loaded = chain[i]!;
      const idx = (loaded.file.questions ?? []).findIndex((q) => q.id === qid);
      if (idx >= 0) return { loaded, idx };
    }
    return { loaded: top, idx: 0 };
  };
  for (const q of merged.questions) {
    if (!sectionIds.has(q.section)) {
      const { loaded, idx } = owner(q.id);
      out.push({ file: loaded.shown, ...loaded.locate(['questions', idx, 'section']), field: `questions[${idx}].section`, message: `section "${q.section}" is not defined (defined: ${[...sectionIds].join(', ') || 'none'})` });
    }
    if (knownSignals) {
      (q.signals ?? []).forEach((rule, r) => {
        if (!knownSignals.has(rule.id)) {
          const { loaded, idx } = owner(q.id);
          out.push({ file: loaded.shown, ...loaded.locate(['questions', idx, 'signals', r, 'id']), field: `questions[${idx}].signals[${r}].id`, message: `unknown signal "${rule.id}" (see \`shipshape scan --list-signals\`)` });
        }
      });
    }
  }
  if (merged.questions.length === 0) {
    out.push({ file: top.shown, line: 1, column: 1, field: 'questions', message: 'the checklist asks no questions' });
  }
  return out;
}

function fieldOf(p: (string | number)[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');
}
