import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../source/cli.js';
import { runScanCommand } from '../../source/commands/scan.js';
import { DETECTORS } from '../../source/detect/detectors/index.js';
import { declaredSignals } from '../../source/detect/engine-signals.js';
import type { ScanResult } from '../../source/detect/types.js';
import { captureIO, probeDetector } from './engine-helpers.js';
import { tempDir, writeTree } from '../helpers/fs.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('shipshape scan (command)', () => {
  it('missing directory, file instead of directory, conflicting flags: one line on stderr, exit 2', async () => {
    writeTree(dir, { 'file.txt': 'x' });
    for (const [args, pattern] of [
      [['nope'], /no such directory: .*nope; pass the path/],
      [['file.txt'], /file\.txt is a file, not a directory/],
      [['.', '--json', '--sarif'], /choose one format for stdout \(got json and sarif\)/],
      [['.', '--format', 'xml'], /unknown format "xml"; this command writes table, json, sarif, md, github, codequality/],
    ] as const) {
      const cap = captureIO(dir);
      expect(await main(['scan', ...args], cap.io)).toBe(2);
      expect(cap.stderr()).toMatch(pattern);
      expect(cap.stderr().trim().split('\n')).toHaveLength(1);
      expect(cap.stdout().length).toBe(0);
    }
  });

  it('a non-git directory works and says history signals are unknown', async () => {
    writeTree(dir, { 'a.ts': 'x' });
    const cap = captureIO(dir);
    expect(await runScanCommand(undefined, { json: true }, cap.io, { detectors: [probeDetector()] })).toBe(0);
    expect(cap.stderr()).toMatch(/not a git repository; history signals are unknown/);
    const result = JSON.parse(cap.stdout().toString('utf8')) as ScanResult;
    expect(Object.keys(result).slice(0, 6)).toEqual(['format', 'format_version', 'tool', 'version', 'root', 'commit']);
    expect(result).toMatchObject({ tool: 'shipshape', root: dir, commit: null, files_scanned: 1, files_skipped: 0 });
    expect(result.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('the table carries status as a word and a symbol, colour only when allowed', async () => {
    writeTree(dir, { 'a.ts': 'x' });
    const plain = captureIO(dir, { tty: true, env: { NO_COLOR: '1' } });
    await runScanCommand('.', {}, plain.io, { detectors: [probeDetector()] });
    const text = plain.stdout().toString('utf8');
    expect(text).toMatch(/✔ pass\s+probe\.files\s+1 files/);
    expect(text).toMatch(/→ a\.ts:1/);
    expect(text).toMatch(/Scanned 1 files in/);
    expect(text).not.toContain('\u001b');
    const piped = captureIO(dir);
    await runScanCommand('.', {}, piped.io, { detectors: [probeDetector()] });
    expect(piped.stdout().toString('utf8')).not.toContain('\u001b');
    const coloured = captureIO(dir, { tty: true });
    await runScanCommand('.', {}, coloured.io, { detectors: [probeDetector()] });
    expect(coloured.stdout().toString('utf8')).toContain('\u001b[32m✔ pass');
    // A terminal that calls itself dumb shows escape sequences as junk: none, unless FORCE_COLOR asks.
    const dumb = captureIO(dir, { tty: true, env: { TERM: 'dumb' } });
    await runScanCommand('.', {}, dumb.io, { detectors: [probeDetector()] });
    expect(dumb.stdout().toString('utf8')).not.toContain('\u001b');
    const forced = captureIO(dir, { tty: true, env: { TERM: 'dumb', FORCE_COLOR: '1' } });
    await runScanCommand('.', {}, forced.io, { detectors: [probeDetector()] });
    expect(forced.stdout().toString('utf8')).toContain('\u001b[32m✔ pass');
  });

  it('--list-signals lists every declared signal with its pass condition', async () => {
    const cap = captureIO(dir);
    expect(await runScanCommand(undefined, { listSignals: true }, cap.io)).toBe(0);
    const text = cap.stdout().toString('utf8');
    const metas = declaredSignals(DETECTORS);
    for (const m of metas) expect(text).toContain(m.id);
    expect(text).toContain(`${metas.length} signals`);
    const json = captureIO(dir);
    await runScanCommand(undefined, { listSignals: true, json: true }, json.io);
    const listed = JSON.parse(json.stdout().toString('utf8')) as { format: string; signals: unknown[] };
    expect(listed.format).toBe('shipshape-signals');
    expect(listed.signals.length).toBe(metas.length);
  });

  it('scans a subdirectory of a repository given relative to the working directory', async () => {
    writeTree(dir, { 'pkg/a.ts': 'x', 'other/b.ts': 'y' });
    const cap = captureIO(dir);
    expect(await runScanCommand('pkg', { json: true }, cap.io, { detectors: [probeDetector()] })).toBe(0);
    const result = JSON.parse(cap.stdout().toString('utf8')) as ScanResult;
    expect(result.root).toBe(path.join(dir, 'pkg'));
    expect(result.files_scanned).toBe(1);
  });
});
