import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Repositories whose own git configuration tries to run a program on the
 * reviewer's machine, one per way git can be made to: each program appends to a
 * marker file and passes its input through, so a test can tell whether it ran.
 * Every vector also names a plain git command that does run it: the test proves
 * each vector is live before proving shipshape never sets it off.
 */

export interface Vector {
  name: string;
  /** Build the repository in `repo`; `evil` is a program that leaves a marker. */
  build(repo: string, evil: string, marker: string): void;
  /** A plain git invocation (as a user would type it) that runs the program; run in a pty when `tty`. */
  trigger: { args: string[]; tty?: boolean };
}

export function gitIn(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnv(),
  });
}

/** The environment a user's shell would have: none of the test runner's GIT_* settings. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return env;
}

/** Run the vector's trigger the way a user would (their shell, their pager, a terminal when needed). */
export function runTrigger(repo: string, v: Vector): void {
  const cmd = ['git', ...v.trigger.args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  if (v.trigger.tty) spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: repo, env: cleanEnv(), stdio: 'ignore', timeout: 20_000 });
  else spawnSync('sh', ['-c', cmd], { cwd: repo, env: cleanEnv(), stdio: 'ignore', timeout: 20_000 });
}

export function writeEvil(dir: string, marker: string, name: string): string {
  const file = path.join(dir, `evil-${name}.sh`);
  // Passes stdin through (a filter or textconv must produce output) and leaves its mark.
  writeFileSync(file, `#!/bin/sh\necho "${name} $0 $*" >> '${marker}'\ncat\n`);
  chmodSync(file, 0o755);
  return file;
}

function base(repo: string, files: Record<string, string> = {}): void {
  mkdirSync(repo, { recursive: true });
  gitIn(repo, 'init', '-q', '-b', 'main');
  const all = { 'package.json': '{"name":"victim","dependencies":{"openai":"4.0.0"}}\n', 'src/app.ts': 'export const a = 1;\n', 'notes.txt': 'hello\n', ...files };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    writeFileSync(path.join(repo, rel), text);
  }
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-qm', 'init');
  gitIn(repo, 'commit', '-q', '--allow-empty', '-m', 'second');
}

/** Old timestamps make git's stat check fail, so it must compare contents (through the filter). */
function ageWorktree(repo: string, rels: string[]): void {
  const old = new Date('2001-01-01T00:00:00Z');
  for (const r of rels) utimesSync(path.join(repo, r), old, old);
}

function config(repo: string, key: string, value: string): void {
  gitIn(repo, 'config', key, value);
}

/** A commit carrying a signature header (its validity does not matter: git hands it to the verifier). */
function signedCommit(repo: string, armor: 'SSH' | 'PGP'): void {
  const tree = gitIn(repo, 'rev-parse', 'HEAD^{tree}').trim();
  const parent = gitIn(repo, 'rev-parse', 'HEAD').trim();
  const body = `tree ${tree}\nparent ${parent}\nauthor T <t@example.com> 1700000000 +0000\ncommitter T <t@example.com> 1700000000 +0000\ngpgsig -----BEGIN ${armor} SIGNATURE-----\n U1NIU0lHAAAAAQ==\n -----END ${armor} SIGNATURE-----\n\nsigned commit\n`;
  const sha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo, input: body, encoding: 'utf8', env: cleanEnv() }).trim();
  gitIn(repo, 'update-ref', 'refs/heads/main', sha);
}

export const VECTORS: Vector[] = [
  {
    name: 'filter-clean',
    build(repo, evil) {
      base(repo, { '.gitattributes': '* filter=evil\n' });
      config(repo, 'filter.evil.clean', evil);
      config(repo, 'filter.evil.smudge', evil);
      config(repo, 'filter.evil.required', 'true');
      ageWorktree(repo, ['notes.txt', 'src/app.ts', 'package.json']);
    },
    trigger: { args: ['status', '--porcelain'] },
  },
  {
    name: 'filter-process',
    build(repo, evil) {
      base(repo, { '.gitattributes': '*.txt filter=Evil.Driver\n' });
      config(repo, 'filter.Evil.Driver.process', evil);
      config(repo, 'filter.Evil.Driver.required', 'true');
      ageWorktree(repo, ['notes.txt']);
    },
    trigger: { args: ['status', '--porcelain'] },
  },
  {
    name: 'filter-via-include',
    build(repo, evil) {
      base(repo, { '.gitattributes': '* filter=inc\n' });
      writeFileSync(path.join(repo, '.git', 'extra.cfg'), `[filter "inc"]\n\tclean = ${evil}\n`);
      config(repo, 'include.path', 'extra.cfg');
      ageWorktree(repo, ['notes.txt']);
    },
    trigger: { args: ['status', '--porcelain'] },
  },
  {
    name: 'signature-ssh',
    build(repo, evil, marker) {
      base(repo);
      signedCommit(repo, 'SSH');
      config(repo, 'log.showSignature', 'true');
      config(repo, 'gpg.format', 'ssh');
      config(repo, 'gpg.ssh.program', evil);
      config(repo, 'gpg.ssh.allowedSignersFile', `${marker}.allowed`);
      writeFileSync(`${marker}.allowed`, '');
    },
    trigger: { args: ['log', '-n1'] },
  },
  {
    name: 'signature-gpg',
    build(repo, evil) {
      base(repo);
      signedCommit(repo, 'PGP');
      config(repo, 'log.showSignature', 'true');
      config(repo, 'gpg.program', evil);
    },
    trigger: { args: ['log', '-n1'] },
  },
  {
    name: 'submodule-filter',
    build(repo, evil) {
      const sub = path.join(repo, 'sub');
      mkdirSync(repo, { recursive: true });
      base(sub, { '.gitattributes': '* filter=evil\n' });
      config(sub, 'filter.evil.clean', evil);
      ageWorktree(sub, ['notes.txt']);
      gitIn(repo, 'init', '-q', '-b', 'main');
      writeFileSync(path.join(repo, 'README.md'), 'top\n');
      gitIn(repo, 'add', 'README.md');
      gitIn(repo, 'update-index', '--add', '--cacheinfo', `160000,${gitIn(sub, 'rev-parse', 'HEAD').trim()},sub`);
      writeFileSync(path.join(repo, '.gitmodules'), '[submodule "sub"]\n\tpath = sub\n\turl = ./sub\n');
      gitIn(repo, 'add', '.gitmodules');
      gitIn(repo, 'commit', '-qm', 'with submodule');
      ageWorktree(sub, ['notes.txt']);
    },
    trigger: { args: ['status', '--porcelain'] },
  },
  {
    name: 'fsmonitor',
    build(repo, evil) {
      base(repo);
      config(repo, 'core.fsmonitor', evil);
    },
    trigger: { args: ['status', '--porcelain'] },
  },
  {
    name: 'hooks',
    build(repo, evil) {
      base(repo);
      const hooks = path.join(repo, '.git', 'evil-hooks');
      mkdirSync(hooks);
      for (const h of ['post-index-change', 'post-checkout', 'reference-transaction', 'pre-auto-gc', 'post-rewrite', 'fsmonitor-watchman']) {
        writeFileSync(path.join(hooks, h), `#!/bin/sh\nexec '${evil}' "$@" </dev/null\n`);
        chmodSync(path.join(hooks, h), 0o755);
      }
      config(repo, 'core.hooksPath', hooks);
      ageWorktree(repo, ['notes.txt']);
    },
    // A refresh that writes the index runs post-index-change.
    trigger: { args: ['status', '--porcelain'] },
  },
  {
    name: 'external-diff',
    build(repo, evil) {
      base(repo);
      writeFileSync(path.join(repo, 'notes.txt'), 'hello\nworld\n');
      gitIn(repo, 'commit', '-qam', 'change');
      config(repo, 'diff.external', evil);
    },
    trigger: { args: ['diff', 'HEAD~1'] },
  },
  {
    name: 'textconv',
    build(repo, evil) {
      base(repo, { '.gitattributes': '*.txt diff=evil\n' });
      writeFileSync(path.join(repo, 'notes.txt'), 'hello\nworld\n');
      gitIn(repo, 'commit', '-qam', 'change');
      config(repo, 'diff.evil.textconv', evil);
      config(repo, 'diff.evil.command', evil);
    },
    trigger: { args: ['log', '-p', '-n1'] },
  },
  {
    name: 'pager',
    build(repo, evil) {
      base(repo);
      config(repo, 'core.pager', evil);
      for (const c of ['log', 'status', 'diff', 'config', 'remote', 'branch']) config(repo, `pager.${c}`, evil);
    },
    trigger: { args: ['log', '-n1'], tty: true },
  },
  {
    name: 'transport-helpers',
    build(repo, evil) {
      base(repo);
      // ssh must not wait for input it will never get: this one leaves its mark and exits.
      const quiet = `${evil}.quiet`;
      writeFileSync(quiet, `#!/bin/sh\n'${evil}' "$@" </dev/null >/dev/null\nexit 1\n`);
      chmodSync(quiet, 0o755);
      evil = quiet;
      config(repo, 'core.sshCommand', evil);
      config(repo, 'core.askPass', evil);
      config(repo, 'credential.helper', `!${evil}`);
      config(repo, 'core.editor', evil);
      config(repo, 'sequence.editor', evil);
      config(repo, 'remote.origin.url', 'ssh://git@example.invalid/x.git');
    },
    trigger: { args: ['fetch', '-q', 'origin'] },
  },
];
