import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { CommitRecord, GitInfo } from './types.js';
import { stripRemoteCredentials } from '../util/remote-url.js';
import { readGitConfigSync, runGit, streamGit, type GitCallOptions } from './git-run.js';
import { redactSecretsIn } from './redact-metadata.js';

export { stripRemoteCredentials };

/**
 * Everything shipshape asks git, through the hardened runner (git-run.ts), and
 * the one place git's answers become data: commit messages, branch names, author
 * names and remotes are redacted here (redact-metadata.ts) before anything can
 * show or save them.
 */

/**
 * The calls that list untracked and ignored files read every `.gitignore`, and a
 * FIFO there blocks git: they get a shorter timeout (SHIPSHAPE_GIT_TIMEOUT, in
 * seconds, sets both), after which the walk reads the ignore rules itself.
 */
function listingTimeoutMs(): number {
  const s = Number(process.env.SHIPSHAPE_GIT_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 20_000;
}

export interface GitRepoFacts {
  info: GitInfo;
  /** Paths (relative to the scan root) git tracks; null outside a repository. */
  tracked: Set<string> | null;
  /** Blob id of each tracked file in the index (stage 0 only: a file in a merge conflict has none). */
  blobs: Map<string, string> | null;
  /**
   * Tracked paths whose work-tree file may differ from the index blob (modified,
   * deleted, renamed, type-changed, in conflict); null when git could not say, in
   * which case no blob id can be trusted to describe the work tree.
   */
  changed: Set<string> | null;
  /** Untracked paths git does not ignore (relative to the scan root); null outside a repository. */
  untracked: Set<string> | null;
  /** What git ignores, a wholly ignored directory as one entry with a trailing `/`; null outside a repository. */
  ignored: Set<string> | null;
  /**
   * Digests of git's raw answers (the index with modes and blob ids; status with
   * untracked and ignored paths), present when git answered both in full: equal
   * digests mean git sees the same tree in the same state.
   */
  listing: { staged: string; status: string } | null;
  /** `git ls-files -s` output left unparsed (readGitFacts' deferIndex), until loadDeferredIndex. */
  deferredIndex: Buffer | null;
  /** Path of the scan root inside the repository ('' at the top level). */
  prefix: string;
  /** Why git information is missing, in words for the user (null when it is there). */
  note: string | null;
}

/** `git ls-files -s -z`: `<mode> <blob> <stage>\t<path>` per entry. */
function parseStaged(buf: Buffer): { tracked: Set<string>; blobs: Map<string, string> } {
  const tracked = new Set<string>();
  const blobs = new Map<string, string>();
  for (const rec of splitZ(buf)) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const p = rec.slice(tab + 1);
    tracked.add(p);
    // Positions, not a split: this runs once per tracked file before the walk can start.
    const blobStart = rec.indexOf(' ') + 1;
    const blobEnd = rec.indexOf(' ', blobStart);
    if (blobStart > 0 && blobEnd > blobStart && tab === blobEnd + 2 && rec.charCodeAt(blobEnd + 1) === 48 /* stage 0 */) blobs.set(p, rec.slice(blobStart, blobEnd));
    else blobs.delete(p);
  }
  return { tracked, blobs };
}

/**
 * `git status --porcelain=v1 -z` split into tracked changes (with the original
 * path after a rename or copy), untracked (`??`) and ignored (`!!`, a wholly
 * ignored directory as one entry ending in `/`). Paths come relative to the
 * repository's top and are made relative to the scan root.
 */
function statusLists(buf: Buffer, prefix: string): { changed: Set<string>; untracked: Set<string>; ignored: Set<string> } {
  const changed = new Set<string>();
  const untracked = new Set<string>();
  const ignored = new Set<string>();
  const recs = splitZ(buf);
  const head = prefix === '' ? '' : `${prefix}/`;
  const local = (p: string): string | null => (p.startsWith(head) ? p.slice(head.length) : null);
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i] as string;
    const xy = rec.slice(0, 2);
    const p = local(rec.slice(3));
    if (xy === '??') {
      if (p !== null) untracked.add(p);
    } else if (xy === '!!') {
      if (p !== null) ignored.add(p);
    } else {
      if (p !== null) changed.add(p);
      if (xy.includes('R') || xy.includes('C')) {
        const from = local(recs[++i] ?? '');
        if (from !== null) changed.add(from);
      }
    }
  }
  return { changed, untracked, ignored };
}

/** Parse an index left unparsed by readGitFacts (no-op when there is none). */
export function loadDeferredIndex(facts: GitRepoFacts): void {
  if (facts.deferredIndex === null) return;
  ({ tracked: facts.tracked, blobs: facts.blobs } = parseStaged(facts.deferredIndex));
  facts.deferredIndex = null;
}

function digestOf(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

function splitZ(buf: Buffer): string[] {
  const s = buf.toString('utf8');
  return s.split('\0').filter((p) => p.length > 0);
}

const NOT_A_REPO: GitInfo = { commit: null, branch: null, dirty: false, remote: null, isRepository: false };

/** Read commit, branch, dirty state, remote and the tracked/untracked file lists for `root`. */
export async function readGitFacts(
  root: string,
  opts: {
    listingTimeoutMs?: number;
    /**
     * Called with the tracked paths as soon as git lists them, while the slower
     * status walk is still running in its own process: work done here overlaps it.
     */
    onTracked?: (tracked: ReadonlySet<string>, stagedDigest: string) => void;
    /**
     * Asked with the index's digest as soon as git lists it: true leaves it unparsed
     * (`tracked` and `blobs` null, `deferredIndex` set) for a caller that may not need
     * it (a stored result made from this index); `loadDeferredIndex` parses it later.
     */
    deferIndex?: (stagedDigest: string) => boolean;
    /** Called once git's listings are under way (or there will be none): the caller's own work overlaps them from here. */
    onListing?: () => void;
  } = {},
): Promise<GitRepoFacts> {
  const top = await runGit(root, ['rev-parse', '--is-inside-work-tree', '--show-prefix']);
  if (!top.ok) {
    const dubious = /dubious ownership/i.test(top.stderr);
    return {
      info: NOT_A_REPO,
      tracked: null,
      blobs: null,
      changed: null,
      untracked: null,
      ignored: null,
      listing: null,
      deferredIndex: null,
      prefix: '',
      note: dubious
        ? 'git refused this repository (owned by another user, see `git config safe.directory`); history signals are unknown'
        : top.stopped === 'timeout'
          ? 'git did not answer (a special file in .git/?); history signals are unknown'
          : /not a git repository/i.test(top.stderr) || top.stderr === ''
            ? 'not a git repository; history signals are unknown'
            : /configuration .* could not be read/.test(top.stderr)
              ? "git's configuration for this repository could not be read, so git was not run; history signals are unknown"
              : 'git is not available; history signals are unknown',
    };
  }
  const lines = top.stdout.toString('utf8').split('\n');
  if (lines[0] !== 'true') {
    return { info: NOT_A_REPO, tracked: null, blobs: null, changed: null, untracked: null, ignored: null, listing: null, deferredIndex: null, prefix: '', note: 'not inside a git work tree; history signals are unknown' };
  }
  const prefix = (lines[1] ?? '').replace(/\/$/, '');
  const listing: GitCallOptions = { timeoutMs: opts.listingTimeoutMs ?? listingTimeoutMs() };

  const calls = Promise.all([
    runGit(root, ['rev-parse', '--verify', '-q', 'HEAD']),
    runGit(root, ['symbolic-ref', '--short', '-q', 'HEAD']),
    runGit(root, ['remote', '-v']),
    // With modes and blob ids: the blob id keys the incremental re-scan (scan-cache.ts).
    runGit(root, ['ls-files', '-z', '-s']).then((r) => {
      const digest = r.ok ? digestOf(r.stdout) : '';
      const deferred = r.ok && opts.deferIndex?.(digest) === true;
      const parsed = r.ok && !deferred ? parseStaged(r.stdout) : null;
      try {
        if (parsed) opts.onTracked?.(parsed.tracked, digest);
      } catch {
        // an optimisation that failed costs nothing but its time
      }
      return { ok: r.ok, parsed, digest, raw: deferred ? r.stdout : null };
    }),
    // One walk of the tree for what changed, what is untracked and what is ignored (three listings walked it three times).
    // shipshape's own files (.shipshape/: the assessment being written, its lock) do not make the code dirty.
    runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching', '--', '.', ':(exclude).shipshape'], listing),
  ]);
  opts.onListing?.();
  const [head, branch, remotes, tracked, listedStatus] = await calls;
  // The listing reads every .gitignore, where a FIFO blocks git: then tracked changes alone, which read none.
  const status = listedStatus.ok
    ? listedStatus
    : await runGit(root, ['status', '--porcelain', '-z', '--untracked-files=no', '--', '.', ':(exclude).shipshape']);

  const commit = head.ok ? head.stdout.toString('utf8').trim() || null : null;
  const staged = tracked.parsed;
  const lists = status.ok ? statusLists(status.stdout, prefix) : null;
  const listed = tracked.ok && listedStatus.ok && lists !== null;
  const notes: string[] = [];
  if (commit === null) notes.push('the repository has no commits yet; history signals are unknown');
  if (tracked.ok && !listed) {
    notes.push(
      listedStatus.stopped === 'timeout'
        ? 'git did not list untracked files in time (a FIFO named .gitignore?); shipshape read the ignore rules itself'
        : 'git did not list untracked files; shipshape read the ignore rules itself',
    );
  }
  return {
    info: {
      commit,
      branch: branch.ok ? redactSecretsIn(branch.stdout.toString('utf8').trim()) || null : null,
      dirty: lists !== null && (lists.changed.size > 0 || lists.untracked.size > 0),
      remote: remotes.ok ? pickRemote(remotes.stdout.toString('utf8')) : null,
      isRepository: tracked.ok,
    },
    ...(staged ? staged : { tracked: null, blobs: null }),
    deferredIndex: tracked.raw,
    changed: (staged || tracked.raw) && lists ? lists.changed : null,
    untracked: listed ? lists.untracked : null,
    ignored: listed ? lists.ignored : null,
    listing: listed ? { staged: tracked.digest, status: digestOf(listedStatus.stdout) } : null,
    prefix,
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

/** Branch and remote for a new assessment's record (redacted like every git answer). */
export async function readBranchAndRemote(root: string): Promise<{ branch: string | null; remote: string | null }> {
  const [branch, remotes] = await Promise.all([runGit(root, ['symbolic-ref', '--short', '-q', 'HEAD']), runGit(root, ['remote', '-v'])]);
  return {
    branch: branch.ok ? redactSecretsIn(branch.stdout.toString('utf8').trim()) || null : null,
    remote: remotes.ok ? pickRemote(remotes.stdout.toString('utf8')) : null,
  };
}

/** Commit and dirty flag for a save record, cheaply (the scan has the full picture later). */
export async function quickGitState(root: string): Promise<{ commit: string | null; dirty: boolean }> {
  const [head, status] = await Promise.all([
    runGit(root, ['rev-parse', '--verify', '-q', 'HEAD']),
    runGit(root, ['status', '--porcelain', '-z', '--', '.'], { timeoutMs: listingTimeoutMs() }),
  ]);
  return { commit: head.ok ? head.stdout.toString('utf8').trim() || null : null, dirty: status.ok ? status.stdout.length > 0 : false };
}

/** `git config user.name` (the user's own configuration, or the repository's), redacted; null when unset. */
export function gitUserNameSync(cwd: string): string | null {
  const out = readGitConfigSync(cwd, ['--get', 'user.name']);
  return out === null ? null : redactSecretsIn(out.trim()) || null;
}

export async function gitUserName(cwd: string): Promise<string | null> {
  const r = await runGit(cwd, ['config', '--get', 'user.name'], { timeoutMs: 3000 });
  return r.ok ? redactSecretsIn(r.stdout.toString('utf8').trim()) || null : null;
}

/** Prefer `origin`, else the first remote; fetch URL, credentials stripped. */
export function pickRemote(remoteV: string): string | null {
  const rows = remoteV
    .split('\n')
    .map((l) => /^(\S+)\s+(\S+)\s+\(fetch\)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null);
  const chosen = rows.find((m) => m[1] === 'origin') ?? rows[0];
  return chosen?.[2] ? redactSecretsIn(stripRemoteCredentials(chosen[2])) : null;
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
      authorName: redactSecretsIn(an),
      authorEmail: redactSecretsIn(ae),
      committerName: redactSecretsIn(cn),
      committerEmail: redactSecretsIn(ce),
      date,
      subject: redactSecretsIn(subject),
      body: redactSecretsIn(body.replace(/\n+$/, '')),
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
  const args = ['log', '-p', '--unified=0', '--format=%x00%H', `-n${Math.max(1, Math.floor(depth))}`];
  if (prefix !== '') args.push('--relative', '--', '.');
  const git = await streamGit(root, args);
  if (!('stop' in git)) return;
  const rl = createInterface({ input: git.stdout, crlfDelay: Infinity });
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
    git.stop();
  }
}
