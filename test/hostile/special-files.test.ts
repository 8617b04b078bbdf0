import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, AssessmentLockedError } from '../../source/assessment/lock.js';
import { createAssessment } from '../../source/assessment/create.js';
import { saveAssessment } from '../../source/assessment/store.js';
import { loadChecklistRef } from '../../source/commands/context.js';
import { firstBadUtf8, readTextFileSafe, SafeReadError } from '../../source/util/safe-read.js';
import { packageRoot } from '../../source/util/package-root.js';
import { tempDir } from '../helpers/fs.js';
import { gitIn } from './git-vectors.js';

/**
 * Files shipshape reads for itself (checklists and their `extends`, policy.yaml,
 * .shipshapeignore, .gitignore, assessments, dossiers, templates, history, locks),
 * committed as a symlink to /dev/zero, as a FIFO, as a link to a private file, or
 * as bytes that are not UTF-8. The built CLI runs in a child process with a memory
 * ceiling and a timeout, so a regression fails the test instead of hanging or
 * flooding the machine; each command must finish with a sentence, never content.
 */

const CLI = path.join(packageRoot(), 'dist', 'cli.js');
let work: string;
let cleanup: () => void;

beforeAll(() => ({ dir: work, cleanup } = tempDir('shipshape-special-')));
afterAll(() => cleanup?.());

function repo(name: string, setup: (dir: string) => void): string {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, '.shipshape', 'checklists'), { recursive: true });
  gitIn(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'package.json'), '{"name":"x"}\n');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-qm', 'init');
  setup(dir);
  return dir;
}

/** The CLI, capped at 1 GB of address space... generous for Node, fatal for reading /dev/zero. */
function cli(cwd: string, args: string[]): { code: number | null; out: string; err: string; timedOut: boolean } {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('sh', ['-c', `ulimit -v 4000000; exec ${quoted}`], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: work, SHIPSHAPE_CONFIG_DIR: path.join(work, 'config'), SHIPSHAPE_CACHE_DIR: process.env.SHIPSHAPE_CACHE_DIR, NO_COLOR: '1', SHIPSHAPE_GIT_TIMEOUT: '5' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, timedOut: r.error !== undefined || r.signal !== null };
}

const fifo = (p: string) => execFileSync('mkfifo', [p]);
/** An extending checklist needs nothing but its header: what it extends is read first. */
const EXTENDING = (target: string) => `id: team\nversion: 1.0.0\ntitle: Team\nextends: ${target}\n`;

describe('special files shipshape reads for itself', () => {
  it('a repository checklist that is /dev/zero or a FIFO: checklist list names it invalid and finishes', () => {
    const dir = repo('checklists', (d) => {
      symlinkSync('/dev/zero', path.join(d, '.shipshape', 'checklists', 'zero.yaml'));
      fifo(path.join(d, '.shipshape', 'checklists', 'fifo.yaml'));
    });
    const r = cli(dir, ['checklist', 'list']);
    expect(r.timedOut).toBe(false);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/INVALID\s+\.shipshape\/checklists\/fifo\.yaml/);
    expect(r.out).toMatch(/INVALID\s+\.shipshape\/checklists\/zero\.yaml/);
    const v = cli(dir, ['checklist', 'validate', '.shipshape/checklists/fifo.yaml']);
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/is a FIFO, not a regular file/);
  });

  it('extends to /dev/zero, a FIFO, /etc/passwd or /proc/self/environ is refused without printing a line of them', () => {
    const dir = repo('extends', (d) => {
      fifo(path.join(d, '.shipshape', 'checklists', 'pipe.yaml'));
      const c = path.join(d, '.shipshape', 'checklists');
      writeFileSync(path.join(c, 'zero.yaml'), EXTENDING('/dev/zero'));
      writeFileSync(path.join(c, 'fifo.yaml'), EXTENDING('./pipe.yaml'));
      writeFileSync(path.join(c, 'passwd.yaml'), EXTENDING('/etc/passwd'));
      writeFileSync(path.join(c, 'environ.yaml'), EXTENDING('/proc/self/environ'));
      writeFileSync(path.join(c, 'climb.yaml'), EXTENDING('../../../../../../../etc/passwd'));
    });
    for (const name of ['zero', 'fifo', 'passwd', 'environ', 'climb']) {
      const r = cli(dir, ['checklist', 'validate', `.shipshape/checklists/${name}.yaml`]);
      expect(r.timedOut, name).toBe(false);
      expect(r.code, `${name}: ${r.err}`).toBe(2);
      expect(r.err, name).toMatch(/extends: .*(leads outside the folders a checklist may extend from|is a FIFO)/);
      expect(r.err, name).not.toMatch(/root:|PATH=|HOME=/);
    }
  });

  it('policy.yaml and .shipshapeignore as /dev/zero or a FIFO: check and scan finish with a sentence', () => {
    for (const kind of ['zero', 'fifo'] as const) {
      const dir = repo(`policy-${kind}`, (d) => {
        const policy = path.join(d, '.shipshape', 'policy.yaml');
        const ignore = path.join(d, '.shipshapeignore');
        if (kind === 'zero') {
          symlinkSync('/dev/zero', policy);
          symlinkSync('/dev/zero', ignore);
        } else {
          fifo(policy);
          fifo(ignore);
        }
      });
      const scan = cli(dir, ['scan', '.', '--json']);
      expect(scan.timedOut, `scan (${kind})`).toBe(false);
      expect(scan.code, scan.err).toBe(0);
      const check = cli(dir, ['check', '--repo', '.']);
      expect(check.timedOut, `check (${kind})`).toBe(false);
      expect(check.code).toBe(2);
      expect(check.err).toMatch(kind === 'zero' ? /policy file .* leads outside the repository/ : /policy file .* is a FIFO/);
    }
  });

  it('an assessment, a dossier, a template or the history file as /dev/zero or a FIFO: report, check, diff, verify and history say so', () => {
    const dir = repo('assessments', (d) => {
      symlinkSync('/dev/zero', path.join(d, '.shipshape', 'zero.json'));
      fifo(path.join(d, '.shipshape', 'fifo.json'));
      fifo(path.join(d, '.shipshape', 'history.jsonl'));
      fifo(path.join(d, 'dossier.md'));
      symlinkSync('/dev/zero', path.join(d, '.shipshape', 'zero.dossier.md'));
      fifo(path.join(d, 'template.hbs'));
      symlinkSync('/etc/passwd', path.join(d, '.shipshape', 'passwd.json'));
    });
    const cases: [string[], RegExp][] = [
      [['report', '.shipshape/zero.json'], /leads outside the repository/],
      [['report', '.shipshape/fifo.json'], /is a FIFO/],
      [['report', '.shipshape/passwd.json'], /leads outside the repository/],
      [['check', '.shipshape/fifo.json'], /is a FIFO/],
      [['diff', '.shipshape/zero.json', '.shipshape/fifo.json'], /leads outside the repository|is a FIFO/],
      [['verify', 'dossier.md'], /is a FIFO/],
      [['verify', '.shipshape/zero.dossier.md'], /leads outside the repository/],
      [['history', '--repo', '.'], /is a FIFO/],
    ];
    for (const [args, why] of cases) {
      const r = cli(dir, args);
      expect(r.timedOut, args.join(' ')).toBe(false);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err, args.join(' ')).toMatch(why);
      expect(r.err + r.out, args.join(' ')).not.toMatch(/root:x?:0:0/);
    }
    const clean = repo('history-fifo', (d) => fifo(path.join(d, '.shipshape', 'history.jsonl')));
    const rec = cli(clean, ['check', '--repo', '.', '--record']);
    expect(rec.timedOut).toBe(false);
    expect(rec.err).toMatch(/cannot record the run: .*history\.jsonl is a FIFO/);
  });

  it('a report template that is a FIFO is refused', async () => {
    const dir = repo('template', (d) => fifo(path.join(d, 'template.hbs')));
    const { checklist, source } = loadChecklistRef(undefined, dir, dir, {});
    const a = createAssessment({ name: 'a', repository: { root: '.', remote: null, branch: null }, checklist, checklistSource: source, scope: { tier: 'internal', data: [], ai: false, frameworks: [] }, assessor: 'T', now: new Date() });
    await saveAssessment(path.join(dir, '.shipshape', 'a.json'), a);
    const r = cli(dir, ['report', '.shipshape/a.json', '--template', 'template.hbs', '--no-scan']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/template template\.hbs: it is a FIFO/);
  });

  it('a lock file that is a FIFO gives a sentence, not a hang', async () => {
    const dir = repo('lock', (d) => fifo(path.join(d, '.shipshape', 'a.json.lock')));
    await expect(acquireLock(path.join(dir, '.shipshape', 'a.json'))).rejects.toThrow(AssessmentLockedError);
    await expect(acquireLock(path.join(dir, '.shipshape', 'a.json'))).rejects.toThrow(/lock file .* is a FIFO/);
  });

  it('a checklist that is not UTF-8 is exit 2 naming the byte, line and column', () => {
    // Latin-1 "café" on line 3, column 11: a silently replaced byte would load as "caf\uFFFD".
    const text = Buffer.concat([Buffer.from('id: team\nversion: 1.0.0\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from(' team\nextends: ai-production-readiness\n')]);
    const dir = repo('latin1', (d) => writeFileSync(path.join(d, 'team.yaml'), text));
    const r = cli(dir, ['checklist', 'validate', 'team.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('team.yaml:3:11 checklist file is not valid UTF-8: byte 0xe9 at offset 34 (line 3, column 11)');
  });
});

describe('the safe reader', () => {
  it('finds the first bad byte exactly, and accepts every valid sequence', () => {
    expect(firstBadUtf8(Buffer.from('héllo wörld ✓ 𝄞'))).toBeNull();
    expect(firstBadUtf8(Buffer.from([0x61, 0x0a, 0x62, 0xc3]))).toEqual({ offset: 3, line: 2, column: 2 });
    // Overlong, surrogate and out-of-range encodings are not UTF-8.
    expect(firstBadUtf8(Buffer.from([0xc0, 0x80]))?.offset).toBe(0);
    expect(firstBadUtf8(Buffer.from([0x41, 0xed, 0xa0, 0x80]))?.offset).toBe(1);
    expect(firstBadUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))?.offset).toBe(0);
  });

  it('refuses by kind, place and size, and reads /proc files to their end despite their zero size', () => {
    const dir = path.join(work, 'reader');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(2000));
    symlinkSync('/etc/hostname', path.join(dir, 'out.txt'));
    const why = (f: string, opts = {}) => {
      try {
        readTextFileSafe(f, opts);
        return 'read';
      } catch (e) {
        return e instanceof SafeReadError ? e.problem : String(e);
      }
    };
    expect(why(path.join(dir, 'big.txt'), { maxBytes: 1000 })).toBe('too-large');
    expect(why(path.join(dir, 'out.txt'), { within: [dir] })).toBe('outside');
    expect(why(path.join(dir, 'missing.txt'))).toBe('missing');
    expect(why(dir)).toBe('directory');
    expect(why('/dev/zero')).toBe('not-a-file');
    expect(why('/proc/self/status', { maxBytes: 10 })).toBe('too-large');
    expect(readTextFileSafe('/proc/self/status')).toMatch(/^Name:/);
  });
});
