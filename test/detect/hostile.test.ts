import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScanCommand } from '../../source/commands/scan.js';
import { captureIO, probeDetector } from './engine-helpers.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';

/**
 * A repository built to hurt the scanner: escape sequences in names and contents,
 * canary secrets, symlink loops and a link to /, a 300 MB sparse file, 200 levels
 * of nesting, names that are not UTF-8, a FIFO. The real command runs in all three
 * output modes; nothing may hang, crash, print a canary in full, or put a control
 * character on the user's terminal.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomFrom(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

// Fresh per run so no allow-list or fixture can know them.
const AWS_CANARY = `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
const GITHUB_CANARY = `ghp_${randomFrom(ALNUM, 36)}`;
const HISTORY_CANARY = `ghp_${randomFrom(ALNUM, 36)}`;
const CANARIES = [AWS_CANARY, GITHUB_CANARY, HISTORY_CANARY];

let root: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('shipshape-hostile-'));
  initRepo(root);
  // A secret that was committed and later removed: only `--history` can see it.
  writeTree(root, { 'old/creds.env': `GITHUB_TOKEN=${HISTORY_CANARY}\n` });
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'add creds');
  git(root, 'rm', '-q', 'old/creds.env');
  git(root, 'commit', '-q', '-m', 'remove creds \u001b[2J');

  writeTree(root, {
    'src/config.ts': `export const aws = { accessKeyId: "${AWS_CANARY}" };\n// \u001b]0;pwned\u0007 title change\n`,
    '.env': `GITHUB_TOKEN=${GITHUB_CANARY}\nDEBUG=\u001b[31mtrue\u001b[0m\n`,
    // An escape sequence in a file name and in its contents.
    'evil\u001b[31mred\u001b[0m.ts': `const token = "${GITHUB_CANARY}"; // \u009b2J C1 CSI and \u001b[1;1H cursor home\n`,
    'bidi\u202egnp.ts': `const k = "${AWS_CANARY}";\n`,
    'new\nline.txt': 'a name with a newline\n',
    'min/bundle.js': `var x="${'a'.repeat(1_000_000)}";\n`,
    'package.json': '{"name":"hostile","dependencies":{"openai":"4.0.0"}}',
    Dockerfile: 'FROM node:latest\n',
  });
  // Names that are not valid UTF-8, with a canary inside.
  const bad = Buffer.concat([Buffer.from(`${root}/bad-`), Buffer.from([0xff, 0xfe, 0x1b]), Buffer.from('.py')]);
  writeFileSync(bad, `API_KEY = "${AWS_CANARY}"\n`);
  // Symlinks: to /, out of the tree, loops.
  symlinkSync('/', path.join(root, 'root-link'));
  symlinkSync('/etc/passwd', path.join(root, 'passwd-link'));
  symlinkSync('loop-b', path.join(root, 'loop-a'));
  symlinkSync('loop-a', path.join(root, 'loop-b'));
  symlinkSync('..', path.join(root, 'src', 'parent-loop'));
  // 300 MB sparse file: cheap to make, fatal to read whole.
  writeFileSync(path.join(root, 'huge.log'), '');
  truncateSync(path.join(root, 'huge.log'), 300 * 1024 * 1024);
  // 200 levels deep.
  const deep = path.join(root, ...Array.from({ length: 200 }, (_, i) => `n${i}`));
  mkdirSync(deep, { recursive: true });
  writeFileSync(path.join(deep, 'deep.ts'), `const t = "${GITHUB_CANARY}";\n`);
  execFileSync('mkfifo', [path.join(root, 'blocking-fifo')]);
}, 120_000);

afterAll(() => cleanup?.());

function expectClean(bytes: Buffer, where: string): void {
  const text = bytes.toString('utf8');
  for (const c of CANARIES) expect(text.includes(c), `${where} contains a canary secret in full`).toBe(false);
  // C0 controls except \t and \n, DEL, and C1 controls (as UTF-8 code points).
  const bad = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(text);
  expect(bad, `${where} contains control character U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')}`).toBeNull();
}

describe('hostile repository', () => {
  it('holds a 300 MB sparse file (cheap on disk)', () => {
    const st = statSync(path.join(root, 'huge.log'));
    expect(st.size).toBe(300 * 1024 * 1024);
    expect(st.blocks * 512).toBeLessThan(1024 * 1024);
  });

  for (const mode of ['table', 'json', 'sarif'] as const) {
    it(`scan --${mode} completes, prints no canary and no control character`, async () => {
      const cap = captureIO(root);
      const code = await runScanCommand(
        '.',
        { json: mode === 'json', sarif: mode === 'sarif', history: true },
        cap.io,
      );
      expect(code).toBe(0);
      expectClean(cap.stdout(), `stdout (${mode})`);
      expectClean(Buffer.from(cap.stderr()), `stderr (${mode})`);
      if (mode === 'json') {
        const result = JSON.parse(cap.stdout().toString('utf8')) as {
          files_scanned: number;
          skipped_by_reason: Record<string, number>;
        };
        expect(result.skipped_by_reason['too-large']).toBeGreaterThanOrEqual(1);
        expect(result.skipped_by_reason['symlink-outside']).toBe(2);
        expect(result.skipped_by_reason['symlink-loop']).toBe(3);
        expect(result.skipped_by_reason['special-file']).toBe(1);
        // The odd names were scanned, not dropped.
        expect(result.files_scanned).toBeGreaterThanOrEqual(8);
      }
      if (mode === 'sarif') expect(() => JSON.parse(cap.stdout().toString('utf8'))).not.toThrow();
    });
  }

  it('with colour forced on, the only escape sequences are its own SGR colours', async () => {
    const cap = captureIO(root, { tty: true, env: { FORCE_COLOR: '1' } });
    expect(await runScanCommand('.', {}, cap.io)).toBe(0);
    const withoutOwn = cap.stdout().toString('utf8').replace(/\u001b\[(?:0|1|2|3[0-7])m/g, '');
    expectClean(Buffer.from(withoutOwn), 'coloured stdout');
  });
});

describe('hostile repository, careless detector', () => {
  it('the engine still strips control characters and redacts secrets from a detector that echoes raw text', async () => {
    const base = probeDetector('leaky', { selects: (f) => f.ext === '.ts' || f.ext === '.py' });
    let echoed = '';
    const leaky = { ...base, evaluate: (input: Parameters<typeof base.evaluate>[0]) => ((echoed += JSON.stringify(input.findings)), base.evaluate(input)) };
    const cap = captureIO(root);
    expect(await runScanCommand('.', { json: true }, cap.io, { detectors: [leaky] })).toBe(0);
    const text = cap.stdout().toString('utf8');
    expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)).toBe(false);
    // The detector quoted the secrets (the canary check sees them in what it emitted);
    // the engine's evidence cleaning left only their redacted form.
    expect(CANARIES.some((c) => echoed.includes(c))).toBe(true);
    expect(CANARIES.some((c) => text.includes(c))).toBe(false);
  });
});
