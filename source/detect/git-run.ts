import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * The one place shipshape runs git (a lint rule and a test keep it so). A
 * repository under review is untrusted input, and git will run programs its
 * configuration names: filter drivers, fsmonitor hooks, external diff and
 * textconv, signature verifiers, pagers, editors, askpass and credential helpers,
 * ssh, hooks. Every call here gets the same hardening:
 *
 * - the environment: every inherited GIT_* variable dropped (a hook's GIT_DIR, a
 *   user's GIT_EXTERNAL_DIFF), no system config, an empty global config, no
 *   prompts, no optional locks, no trace files, no network transport;
 * - configuration overrides passed as GIT_CONFIG_KEY_n/VALUE_n pairs (keys and
 *   values apart: a driver named `a=b` cannot smuggle a value) that neutralise
 *   every key that names a program, and each filter, diff and merge driver the
 *   repository configures — found by reading its configuration first, which runs
 *   nothing;
 * - per-command flags that keep content readers inert: submodules ignored (never
 *   recursed into: a submodule's own config is not ours to neutralise), no
 *   external diff, no textconv, no signature check, no mailmap (a FIFO `.mailmap`
 *   would block `git log`);
 * - a read-only allow-list of subcommands, a timeout and an output cap (a FIFO
 *   `.gitignore` blocks git in open(2); a repository may also be huge).
 *
 * Reading configuration (`git config --get…`) keeps the user's global config
 * (user.name lives there) and runs nothing; it is the only exception.
 */

/** A path that cannot exist (a child of a character device): git fails to run it, nothing runs. */
export const REFUSED_PROGRAM = '/dev/null/shipshape-refused';

/** Keys that name a program to run, or a file git would read outside the repository, set to inert values. */
const FIXED_OVERRIDES: readonly (readonly [string, string])[] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['core.editor', REFUSED_PROGRAM],
  ['sequence.editor', REFUSED_PROGRAM],
  ['core.askPass', REFUSED_PROGRAM],
  ['credential.helper', ''],
  ['core.sshCommand', REFUSED_PROGRAM],
  ['ssh.variant', 'ssh'],
  ['core.gitProxy', ''],
  ['core.alternateRefsCommand', ''],
  ['core.attributesFile', '/dev/null'],
  ['protocol.allow', 'never'],
  ['diff.external', ''],
  ['log.showSignature', 'false'],
  ['merge.verifySignatures', 'false'],
  ['gpg.program', REFUSED_PROGRAM],
  ['gpg.openpgp.program', REFUSED_PROGRAM],
  ['gpg.x509.program', REFUSED_PROGRAM],
  ['gpg.ssh.program', REFUSED_PROGRAM],
  ['gpg.ssh.defaultKeyCommand', ''],
  ['log.mailmap', 'false'],
  ['mailmap.file', ''],
  ['mailmap.blob', ''],
  ['submodule.recurse', 'false'],
  ['diff.ignoreSubmodules', 'all'],
  ['status.submoduleSummary', 'false'],
  ['fetch.recurseSubmodules', 'false'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
  ['core.quotePath', 'false'],
  ['color.ui', 'false'],
  ['i18n.logOutputEncoding', 'UTF-8'],
];

/** Per driver section, the keys that name a program, and what makes them inert. */
const DRIVER_KEYS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  filter: [['clean', ''], ['smudge', ''], ['process', ''], ['required', 'false']],
  diff: [['command', ''], ['textconv', ''], ['cachetextconv', 'false']],
  merge: [['driver', '']],
};

/** Inherited variables git reads that are harmless and the user may rely on. */
const KEEP_GIT_ENV = new Set(['GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM']);

/** Where the user keeps their own configuration: honoured by configuration reads, which run nothing. */
const USER_CONFIG_ENV = new Set(['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM']);

/** Subcommands shipshape may run, and for each the flags it always gets. */
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  'rev-parse': [],
  'symbolic-ref': [],
  status: ['--ignore-submodules=all'],
  remote: [],
  'ls-files': [],
  log: ['--no-ext-diff', '--no-textconv', '--no-show-signature', '--no-mailmap', '--no-color'],
  config: [],
};

/** Flags that would undo the hardening; a caller passing one is a bug. */
const FORBIDDEN = /^--(?:recurse-submodules|show-signature|ext-diff|textconv|use-mailmap|mailmap|exec-path|output|upload-pack)\b|^-[cC]$|^--(?:git-dir|work-tree|namespace|config-env)\b|^--(?:add|unset|unset-all|replace-all|rename-section|remove-section|edit)$/;

const CONFIG_READS = new Set(['--get', '--get-all', '--get-regexp', '--list', '-l', '--name-only', '-z', '--null', '--show-scope', '--show-origin', '--includes', '--type=bool', '--type=path', '--path', '--bool', '--global', '--system', '--local']);

export interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
  /** Set when git was stopped: it did not answer in time, or said more than the cap. */
  stopped?: 'timeout' | 'too-much-output';
}

export interface GitCallOptions {
  /** Stop git after this long (ms); default 60 s. A stream counts silence, not total time. */
  timeoutMs?: number;
  /** Stop git when stdout grows past this (bytes); default 256 MiB. */
  maxBytes?: number;
}

/** SHIPSHAPE_GIT_TIMEOUT (seconds) raises or lowers the default, e.g. for a repository on a slow network disk. */
function defaultTimeoutMs(): number {
  const s = Number(process.env.SHIPSHAPE_GIT_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 60_000;
}
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export class GitUsageError extends Error {
  override name = 'GitUsageError';
}

function checkArgs(args: readonly string[]): string {
  const sub = args[0] ?? '';
  if (!(sub in SUBCOMMANDS)) throw new GitUsageError(`git ${sub} is not allowed here (read-only subcommands only)`);
  for (const a of args.slice(1)) {
    if (a === '--') break;
    if (FORBIDDEN.test(a)) throw new GitUsageError(`git ${sub} ${a} would undo the hardening`);
  }
  // %G placeholders make `git log` verify signatures, which runs gpg or ssh.
  if (args.some((a) => /^--(?:format|pretty)=/.test(a) && a.includes('%G'))) throw new GitUsageError('signature placeholders (%G…) run a verifier');
  if (sub === 'config' && !args.slice(1).every((a) => CONFIG_READS.has(a) || !a.startsWith('-'))) {
    throw new GitUsageError('git config is allowed for reading only');
  }
  if (sub === 'config' && !args.slice(1).some((a) => a.startsWith('--get') || a === '--list' || a === '-l')) {
    throw new GitUsageError('git config is allowed for reading only (--get, --get-all, --get-regexp, --list)');
  }
  return sub;
}

/** The environment every git call runs with; `userConfig` keeps the user's global config (config reads only). */
export function gitEnv(overrides: readonly (readonly [string, string])[], userConfig: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('GIT_') && !KEEP_GIT_ENV.has(k) && !(userConfig && USER_CONFIG_ENV.has(k))) continue;
    if (k === 'SSH_ASKPASS' || k === 'PAGER' || k === 'EDITOR' || k === 'VISUAL' || k === 'LESSOPEN' || k === 'LESSCLOSE') continue;
    env[k] = v;
  }
  Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: userConfig ? process.env.GIT_CONFIG_NOSYSTEM : '1',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: REFUSED_PROGRAM,
    SSH_ASKPASS: REFUSED_PROGRAM,
    GIT_SSH_COMMAND: REFUSED_PROGRAM,
    GIT_EDITOR: REFUSED_PROGRAM,
    GIT_PAGER: 'cat',
    // `git status` must not take the index lock of a repository we only inspect.
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_NO_LAZY_FETCH: '1',
    GIT_PROTOCOL_FROM_USER: '0',
    // trace2 targets in config can name any file to append to; the environment wins over config.
    GIT_TRACE2: '0',
    GIT_TRACE2_EVENT: '0',
    GIT_TRACE2_PERF: '0',
    LC_ALL: 'C',
  });
  // Reading configuration runs nothing, so a config read sees the user's own files (user.name lives there).
  if (userConfig && env.GIT_CONFIG_NOSYSTEM === undefined) delete env.GIT_CONFIG_NOSYSTEM;
  if (!userConfig) env.GIT_CONFIG_GLOBAL = '/dev/null';
  env.GIT_CONFIG_COUNT = String(overrides.length);
  overrides.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  return env;
}

/** Overrides for the drivers named by `git config --name-only --get-regexp` output (NUL-separated keys). */
export function driverOverrides(keysZ: string): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const key of keysZ.split('\0')) {
    const first = key.indexOf('.');
    const last = key.lastIndexOf('.');
    if (first < 0 || last <= first) continue;
    const section = key.slice(0, first).toLowerCase();
    const name = key.slice(first + 1, last);
    const keys = DRIVER_KEYS[section];
    if (!keys || seen.has(`${section}.${name}`)) continue;
    seen.add(`${section}.${name}`);
    for (const [k, v] of keys) out.push([`${section}.${name}.${k}`, v]);
  }
  return out;
}

interface Spawned {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves when git has exited (or could not start). */
  result: Promise<GitResult>;
}

/**
 * Start git with the hardening; collect stdout unless `stream` (then the caller
 * reads `child.stdout`). Never throws for git's own failures.
 */
function start(cwd: string, argv: string[], env: NodeJS.ProcessEnv, opts: GitCallOptions, stream: boolean): Spawned | GitResult {
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    child = spawn('git', argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return { ok: false, stdout: Buffer.alloc(0), stderr: 'git could not be started' };
  }
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs();
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const result = new Promise<GitResult>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let errBytes = 0;
    let stopped: GitResult['stopped'];
    let timer: NodeJS.Timeout;
    const stop = (why: NonNullable<GitResult['stopped']>) => {
      stopped ??= why;
      child.kill('SIGKILL');
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stop('timeout'), timeoutMs);
    };
    arm();
    child.stdout.on('data', (b: Buffer) => {
      bytes += b.length;
      if (stream) arm();
      else if (bytes > maxBytes) stop('too-much-output');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      // Keep the start of stderr only: it is read for a few known phrases.
      if (errBytes < 64 * 1024) err.push(b);
      errBytes += b.length;
    });
    let done = false;
    const finish = (r: GitResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    child.on('error', () => finish({ ok: false, stdout: Buffer.alloc(0), stderr: 'git could not be started' }));
    child.on('close', (code) =>
      finish({
        ok: code === 0 && stopped === undefined,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(stopped ? { stopped } : {}),
      }),
    );
  });
  return { child, result };
}

/** The configuration-read call used to find drivers; also the one path for every `git config` read. */
function configArgv(args: readonly string[]): string[] {
  return ['--no-pager', ...args];
}

/**
 * The two settings of the user's own (global and system) configuration that
 * still matter with that configuration off: where their personal ignore file is
 * (untracked files they ignore everywhere are not the project's), and which
 * repositories owned by others they trust (safe.directory). Read once, outside
 * any repository; a repository's own value for either is replaced.
 */
let userSettingsP: Promise<[string, string][]> | null = null;

function defaultExcludesFile(): string {
  const xdg = process.env.XDG_CONFIG_HOME;
  if (xdg) return `${xdg}/git/ignore`;
  return process.env.HOME ? `${process.env.HOME}/.config/git/ignore` : '';
}

export function userSettingsFrom(z: string): [string, string][] {
  let excludes: string | null = null;
  const safe: string[] = [];
  for (const entry of z.split('\0')) {
    const nl = entry.indexOf('\n');
    if (nl < 0) continue;
    const key = entry.slice(0, nl).toLowerCase();
    const value = entry.slice(nl + 1);
    if (key === 'core.excludesfile') excludes = value;
    else if (key === 'safe.directory') safe.push(value);
  }
  return [['core.excludesFile', excludes ?? defaultExcludesFile()], ...safe.map((v): [string, string] => ['safe.directory', v])];
}

function userSettings(opts: GitCallOptions): Promise<[string, string][]> {
  userSettingsP ??= (async () => {
    const env = { ...gitEnv(FIXED_OVERRIDES, true), GIT_DIR: '/dev/null/no-repository' };
    const started = start('/', configArgv(['config', '-z', '--type=path', '--get-regexp', '^(core\\.excludesfile|safe\\.directory)$']), env, { ...opts, maxBytes: 1024 * 1024 }, false);
    const r = 'child' in started ? await started.result : started;
    return userSettingsFrom(r.ok ? r.stdout.toString('utf8') : '');
  })();
  return userSettingsP;
}

const driverCache = new Map<string, Promise<[string, string][] | null>>();

/** The repository's filter/diff/merge drivers, as overrides (null: its config could not be read). */
function repositoryDrivers(cwd: string, opts: GitCallOptions): Promise<[string, string][] | null> {
  let p = driverCache.get(cwd);
  if (!p) {
    p = (async () => {
      const started = start(cwd, configArgv(['config', '-z', '--name-only', '--get-regexp', '^(filter|diff|merge)\\.']), gitEnv(FIXED_OVERRIDES, false), { ...opts, maxBytes: 16 * 1024 * 1024 }, false);
      const r = 'child' in started ? await started.result : started;
      // Exit 1 with no output: no key matched. Outside a repository git still reads (empty) config.
      if (r.ok) return driverOverrides(r.stdout.toString('utf8'));
      if (r.stopped === undefined && r.stdout.length === 0 && !/fatal|error/i.test(r.stderr)) return [];
      return null;
    })();
    driverCache.set(cwd, p);
    // The cache is per call site's working directory, for one command's lifetime; keep it small.
    if (driverCache.size > 64) driverCache.delete(driverCache.keys().next().value as string);
  }
  return p;
}

/** Forget what was learned about repositories' drivers (tests that rewrite a repository's config). */
export function forgetDrivers(): void {
  driverCache.clear();
}

async function prepare(cwd: string, args: readonly string[], opts: GitCallOptions): Promise<{ argv: string[]; env: NodeJS.ProcessEnv } | GitResult> {
  const sub = checkArgs(args);
  if (sub === 'config') return { argv: configArgv(args), env: gitEnv(FIXED_OVERRIDES, true) };
  const [drivers, user] = await Promise.all([repositoryDrivers(cwd, opts), userSettings(opts)]);
  if (drivers === null) {
    return { ok: false, stdout: Buffer.alloc(0), stderr: "git's configuration for this repository could not be read, so git was not run" };
  }
  const argv = ['--no-pager', sub, ...(SUBCOMMANDS[sub] as readonly string[]), ...args.slice(1)];
  return { argv, env: gitEnv([...FIXED_OVERRIDES, ...user, ...drivers], false) };
}

/** Run one read-only git command in `cwd` and collect its output. Never throws for git's failures. */
export async function runGit(cwd: string, args: readonly string[], opts: GitCallOptions = {}): Promise<GitResult> {
  const prepared = await prepare(cwd, args, opts);
  if (!('argv' in prepared)) return prepared;
  const started = start(cwd, prepared.argv, prepared.env, opts, false);
  return 'child' in started ? started.result : started;
}

export interface GitStream {
  /** git's stdout (empty when git could not start). */
  stdout: Readable;
  /** Settles when git exits; `stopped` says if it was killed for silence. */
  result: Promise<GitResult>;
  /** Stop git early (the reader has what it needs). */
  stop(): void;
}

/** Run one read-only git command whose output is read as it comes (long histories). */
export async function streamGit(cwd: string, args: readonly string[], opts: GitCallOptions = {}): Promise<GitStream | GitResult> {
  const prepared = await prepare(cwd, args, opts);
  if (!('argv' in prepared)) return prepared;
  const started = start(cwd, prepared.argv, prepared.env, opts, true);
  if (!('child' in started)) return started;
  const { child } = started;
  return {
    stdout: child.stdout,
    result: started.result,
    stop: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}

/**
 * A synchronous configuration read (`git config --get …`), for the few places
 * that need a value before anything asynchronous can run. Reading config runs
 * nothing; the call still gets the environment and a timeout.
 */
export function readGitConfigSync(cwd: string, args: readonly string[], timeoutMs = 3000): string | null {
  const sub = checkArgs(['config', ...args]);
  if (sub !== 'config') return null;
  const r = spawnSync('git', configArgv(['config', ...args]), { cwd, env: gitEnv(FIXED_OVERRIDES, true), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: timeoutMs, maxBuffer: 1024 * 1024 });
  return r.status === 0 && typeof r.stdout === 'string' ? r.stdout : null;
}
