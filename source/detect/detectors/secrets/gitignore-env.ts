import ignore, { type Ignore } from 'ignore';
import type { EvaluateInput, Evidence, Finding, Signal } from '../../types.js';
import { sanitizeLine, sanitizePath } from '../../../util/sanitize.js';
import { ENV_KIND } from './env-files.js';
import { plural } from './report.js';

/**
 * secrets.gitignore-env: `.gitignore` keeps `.env` files out. Judged with git's own
 * rule semantics (the `ignore` package) on the root and nested `.gitignore` files:
 * passes when a root-level `.env` would be ignored, citing the rule that does it.
 * `.env.local` left uncovered is called out but does not fail on its own; an env
 * file that is present, untracked and not ignored does (one `git add .` away).
 * Global excludes and `.git/info/exclude` are invisible here and not counted: they
 * protect one clone, not the team.
 */
export const GITIGNORE_ENV_ID = 'secrets.gitignore-env';

interface IgnoreFile {
  /** Directory the rules apply to ('' for the root). */
  dir: string;
  path: string;
  lines: string[];
  ig: Ignore;
}

interface Verdict {
  ignored: boolean;
  /** The deciding rule, when one matched. */
  file?: IgnoreFile;
  line?: number;
}

function load(path: string, text: string): IgnoreFile {
  const lines = text.split(/\r?\n/);
  const ig = ignore();
  lines.forEach((l, i) => {
    // One rule per line so the verdict can point at its line number.
    if (l.trim() !== '' && !l.startsWith('#')) ig.add({ pattern: l, mark: String(i + 1) });
  });
  const slash = path.lastIndexOf('/');
  return { dir: slash === -1 ? '' : path.slice(0, slash), path, lines, ig };
}

/** Would git ignore `target`? Deeper .gitignore files override shallower ones, as in git. */
export function verdictFor(target: string, files: readonly IgnoreFile[]): Verdict {
  let verdict: Verdict = { ignored: false };
  const applicable = files
    .filter((f) => f.dir === '' || target.startsWith(`${f.dir}/`))
    .sort((a, b) => a.dir.length - b.dir.length);
  for (const f of applicable) {
    const rel = f.dir === '' ? target : target.slice(f.dir.length + 1);
    const r = f.ig.checkIgnore(rel);
    if (r.ignored) verdict = { ignored: true, file: f, ...(r.rule?.mark ? { line: Number(r.rule.mark) } : {}) };
    else if (r.unignored) verdict = { ignored: false, file: f, ...(r.rule?.mark ? { line: Number(r.rule.mark) } : {}) };
  }
  return verdict;
}

export function gitignoreEnvSignal(input: EvaluateInput): Signal {
  const paths = new Set(input.index.files.filter((f) => f.base === '.gitignore').map((f) => f.path));
  paths.add('.gitignore');
  const files: IgnoreFile[] = [];
  for (const p of [...paths].sort()) {
    const text = input.readText(p);
    if (text !== null) files.push(load(p, text));
  }
  const repoNote = input.git.isRepository ? '' : ' (not a git repository: judged the .gitignore files present)';
  if (files.length === 0) {
    return {
      id: GITIGNORE_ENV_ID,
      status: 'fail',
      summary: `No .gitignore: nothing keeps .env files out of commits${repoNote}`,
      confidence: 'high',
      evidence: [],
      details: { gitignoreFiles: 0 },
    };
  }

  const env = verdictFor('.env', files);
  const local = verdictFor('.env.local', files);
  const nested = files
    .filter((f) => f.dir !== '')
    .map((f) => ({ f, v: verdictFor(`${f.dir}/.env`, files) }))
    .filter(({ v }) => v.ignored && v.file?.dir !== '');
  // Env files in the index are, by construction, not ignored; untracked ones are one `git add` away.
  const exposed = input.findings.filter((f: Finding) => f.kind === ENV_KIND && f.data?.['tracked'] === false);

  const evidence: Evidence[] = [];
  const cite = (v: Verdict, what: string) => {
    if (!v.file || v.line === undefined) return;
    evidence.push({
      path: v.file.path,
      line: v.line,
      excerpt: sanitizeLine(v.file.lines[v.line - 1] ?? ''),
      sha256: input.hashOf(v.file.path),
      note: what,
    });
  };
  if (env.ignored) cite(env, 'ignores .env');
  else if (env.file) cite(env, 're-includes .env');
  if (local.ignored && (local.file !== env.file || local.line !== env.line)) cite(local, 'ignores .env.local');
  for (const { v, f } of nested) cite(v, `ignores .env under ${sanitizePath(f.dir)}/`);
  for (const f of exposed) {
    evidence.push({ path: f.path, sha256: input.hashOf(f.path), note: 'env file present, untracked and not ignored' });
  }
  if (evidence.length === 0) {
    // Nothing matched: cite the root .gitignore itself as what was read.
    const root = files.find((f) => f.dir === '') ?? files[0];
    if (root) evidence.push({ path: root.path, sha256: input.hashOf(root.path), note: 'no rule matches .env' });
  }

  let status: 'pass' | 'fail';
  let summary: string;
  if (!env.ignored) {
    status = 'fail';
    summary =
      nested.length > 0
        ? `A root-level .env would not be ignored; only ${plural(nested.length, 'nested .gitignore')} cover .env (${nested
            .slice(0, 3)
            .map((n) => sanitizePath(n.f.path))
            .join(', ')}${nested.length > 3 ? ', …' : ''})`
        : 'No .gitignore rule keeps .env out of commits';
  } else if (exposed.length > 0) {
    status = 'fail';
    summary = `.env is ignored, but ${exposed.length} env file(s) are present and not ignored: ${exposed
      .slice(0, 3)
      .map((f) => sanitizePath(f.path))
      .join(', ')}`;
  } else {
    status = 'pass';
    summary = local.ignored
      ? `.gitignore keeps .env and .env.local out (${sanitizePath(env.file?.path ?? '.gitignore')}:${env.line ?? '?'})`
      : `.gitignore keeps .env out (${sanitizePath(env.file?.path ?? '.gitignore')}:${env.line ?? '?'}), but .env.local would not be ignored`;
  }
  return {
    id: GITIGNORE_ENV_ID,
    status,
    summary: summary + repoNote,
    confidence: 'high',
    evidence,
    details: {
      gitignoreFiles: files.length,
      envIgnored: env.ignored,
      envLocalIgnored: local.ignored,
      exposedEnvFiles: exposed.length,
    },
  };
}
