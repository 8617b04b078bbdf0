import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { CommitRecord, GitInfo } from './types.js';
import { stripRemoteCredentials } from '../util/remote-url.js';

export { stripRemoteCredentials };

/**
 * Everything the engine asks git. Git is run as a child process with config
 * overrides that stop a hostile repository's own `.git/config` from running
 * commands (fsmonitor hooks, external diff, textconv), and never prompts.
 */

const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '-c', 'color.ui=false'];

function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    // `git status` must not take the index lock of a repository we only inspect.
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
  };
}

interface GitRun {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

/** Run git in `cwd`; never throws (a missing git binary is just `ok: false`). */
export function runGit(cwd: string, args: string[]): Promise<GitRun> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('git', [...SAFE_CONFIG, ...args], { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    } catch {
      resolve({ ok: false, stdout: Buffer.alloc(0), stderr: 'git could not be started' });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', () => resolve({ ok: false, stdout: Buffer.alloc(0), stderr: 'git could not be started' }));
    child.on('close', (code) =>
      resolve({ ok: code === 0, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

export interface GitRepoFacts {
  info: GitInfo;
  /** Paths (relative to the scan root) git tracks; null outside a repository. */
  tracked: Set<string> | null;
  /** Untracked paths git does not ignore (relative to the scan root); null outside a repository. */
  untracked: Set<string> | null;
  /** What git ignores, a wholly ignored directory as one entry with a trailing `/`; null outside a repository. */
  ignored: Set<string> | null;
  /** Path of the scan root inside the repository ('' at the top level). */
  prefix: string;
  /** Why git information is missing, in words for the user (null when it is there). */
  note: string | null;
}

function splitZ(buf: Buffer): string[] {
  const s = buf.toString('utf8');
  return s.split('\0').filter((p) => p.length > 0);
}

const NOT_A_REPO: GitInfo = { commit: null, branch: null, dirty: false, remote: null, isRepository: false };

/** Read commit, branch, dirty state, remote and the tracked/untracked file lists for `root`. */
export async function readGitFacts(root: string): Promise<GitRepoFacts> {
  const top = await runGit(root, ['rev-parse', '--is-inside-work-tree', '--show-prefix']);
  if (!top.ok) {
    const dubious = /dubious ownership/i.test(top.stderr);
    return {
      info: NOT_A_REPO,
      tracked: null,
      untracked: null,
      ignored: null,
      prefix: '',
      note: dubious
        ? 'git refused this repository (owned by another user, see `git config safe.directory`); history signals are unknown'
        : /not a git repository/i.test(top.stderr) || top.stderr === ''
          ? 'not a git repository; history signals are unknown'
          : 'git is not available; history signals are unknown',
    };
  }
  const lines = top.stdout.toString('utf8').split('\n');
  if (lines[0] !== 'true') {
    return { info: NOT_A_REPO, tracked: null, untracked: null, ignored: null, prefix: '', note: 'not inside a git work tree; history signals are unknown' };
  }
  const prefix = (lines[1] ?? '').replace(/\/$/, '');

  const [head, branch, status, remotes, tracked, untracked, ignored] = await Promise.all([
    runGit(root, ['rev-parse', '--verify', '-q', 'HEAD']),
    runGit(root, ['symbolic-ref', '--short', '-q', 'HEAD']),
    // shipshape's own files (.shipshape/: the assessment being written, its lock) do not make the code dirty.
    runGit(root, ['status', '--porcelain', '-z', '--', '.', ':(exclude).shipshape']),
    runGit(root, ['remote', '-v']),
    runGit(root, ['ls-files', '-z', '--cached']),
    runGit(root, ['ls-files', '-z', '--others', '--exclude-standard']),
    runGit(root, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory']),
  ]);

  const commit = head.ok ? head.stdout.toString('utf8').trim() || null : null;
  return {
    info: {
      commit,
      branch: branch.ok ? branch.stdout.toString('utf8').trim() || null : null,
      dirty: status.ok ? status.stdout.length > 0 : false,
      remote: remotes.ok ? pickRemote(remotes.stdout.toString('utf8')) : null,
      isRepository: tracked.ok,
    },
    tracked: tracked.ok ? new Set(splitZ(tracked.stdout)) : null,
    untracked: untracked.ok && tracked.ok ? new Set(splitZ(untracked.stdout)) : null,
    ignored: ignored.ok && tracked.ok ? new Set(splitZ(ignored.stdout)) : null,
    prefix,
    note: commit === null ? 'the repository has no commits yet; history signals are unknown' : null,
  };
}

/** Prefer `origin`, else the first remote; fetch URL, credentials stripped. */
export function pickRemote(remoteV: string): string | null {
  const rows = remoteV
    .split('\n')
    .map((l) => /^(\S+)\s+(\S+)\s+\(fetch\)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null);
  const chosen = rows.find((m) => m[1] === 'origin') ?? rows[0];
  return chosen?.[2] ? stripRemoteCredentials(chosen[2]) : null;
}

const FIELDS = 9;

/**
 * The last `depth` commits reachable from HEAD (merges included), parsed from a
 * NUL-separated format: commit messages cannot contain NUL, so nine fields per
 * record is unambiguous whatever the messages hold.
 */
export async function readHistory(root: string, depth: number, prefix: string): Promise<CommitRecord[] | null> {
  const args = ['log', '-z', `-n${Math.max(1, Math.floor(depth))}`, '--format=%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%aI%x00%s%x00%b'];
  // Scanning a subdirectory (a package in a monorepo): the history that matters is the one touching it.
  if (prefix !== '') args.push('--', '.');
  const run = await runGit(root, args);
  if (!run.ok) return null;
  return parseLog(run.stdout.toString('utf8'));
}

export function parseLog(raw: string): CommitRecord[] {
  const parts = raw.split('\0');
  const out: CommitRecord[] = [];
  for (let i = 0; i + FIELDS <= parts.length; i += FIELDS) {
    const [sha, parents, an, ae, cn, ce, date, subject, body] = parts.slice(i, i + FIELDS) as [
      string, string, string, string, string, string, string, string, string,
    ];
    // `-z` puts a NUL between records, and bodies end with a newline; trim the joins.
    const cleanSha = sha.replace(/^\n+/, '');
    if (!/^[0-9a-f]{40,64}$/.test(cleanSha)) break;
    out.push({
      sha: cleanSha,
      parents: parents.split(' ').filter(Boolean),
      authorName: an,
      authorEmail: ae,
      committerName: cn,
      committerEmail: ce,
      date,
      subject,
      body: body.replace(/\n+$/, ''),
    });
  }
  return out;
}

export interface AddedLines {
  commit: string;
  path: string;
  addedLines: { line: number; text: string }[];
}

/** Longest added line kept from a patch; longer lines (minified bundles) are cut to bound memory. */
const MAX_PATCH_LINE = 10_000;

/** Undo git's C-style quoting of a path in a diff header (`"a\\tb"`, octal UTF-8 bytes). */
export function unquoteGitPath(p: string): string {
  if (!(p.startsWith('"') && p.endsWith('"'))) return p;
  const body = p.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Stream the lines each of the last `depth` commits added, file by file, parsed
 * from `git log -p --unified=0`. Streaming keeps memory flat on long histories.
 */
export async function* streamHistoryPatches(root: string, depth: number, prefix: string): AsyncGenerator<AddedLines> {
  const args = [
    'log', '-p', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--format=%x00%H',
    `-n${Math.max(1, Math.floor(depth))}`,
  ];
  if (prefix !== '') args.push('--relative', '--', '.');
  const child = spawn('git', [...SAFE_CONFIG, ...args], { cwd: root, env: gitEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
  child.on('error', () => undefined);
  const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
  let commit = '';
  let current: AddedLines | null = null;
  let nextLine = 0;
  // Lines still expected in the current hunk: inside a hunk, "+++ x" is content, not a header.
  let addLeft = 0;
  let delLeft = 0;
  try {
    for await (const line of rl) {
      if (addLeft > 0 || delLeft > 0) {
        if (line.startsWith('+') && addLeft > 0) {
          addLeft -= 1;
          if (current) current.addedLines.push({ line: nextLine, text: line.slice(1, MAX_PATCH_LINE + 1) });
          nextLine += 1;
          continue;
        }
        if (line.startsWith('-') && delLeft > 0) {
          delLeft -= 1;
          continue;
        }
        if (line.startsWith('\\')) continue; // "\ No newline at end of file"
        addLeft = 0;
        delLeft = 0;
      }
      if (line.startsWith('\0')) {
        if (current && current.addedLines.length > 0) yield current;
        current = null;
        commit = line.slice(1).trim();
      } else if (line.startsWith('diff --git ')) {
        if (current && current.addedLines.length > 0) yield current;
        current = null;
      } else if (line.startsWith('+++ ')) {
        const target = line.slice(4);
        if (target === '/dev/null') current = null;
        else {
          const unq = unquoteGitPath(target);
          current = { commit, path: unq.startsWith('b/') ? unq.slice(2) : unq, addedLines: [] };
        }
      } else if (line.startsWith('@@ ')) {
        const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
        if (m) {
          delLeft = m[1] === undefined ? 1 : Number(m[1]);
          nextLine = Number(m[2]);
          addLeft = m[3] === undefined ? 1 : Number(m[3]);
        }
      }
    }
    if (current && current.addedLines.length > 0) yield current;
  } finally {
    rl.close();
    if (child.exitCode === null) child.kill();
  }
}
