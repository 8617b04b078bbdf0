import path from 'node:path';
import { processFile, selectDetectors } from '../../source/detect/engine-collect.js';
import type { CommitRecord, Detector, FileEntry, Finding, GitInfo, ScanOptions, Signal } from '../../source/detect/types.js';
import { createHash } from 'node:crypto';

/**
 * Runs one detector over an in-memory tree through the engine's own per-file
 * step (selectDetectors, then processFile: read, binary check, prefilter,
 * collect), then evaluates, so detector tests need no disk and test what the
 * engine really does with each file.
 */
export async function runDetector(
  detector: Detector,
  files: Record<string, string>,
  opts: { git?: Partial<GitInfo>; history?: CommitRecord[] | null; options?: ScanOptions; untracked?: string[] } = {},
): Promise<Map<string, Signal>> {
  const entries: FileEntry[] = Object.keys(files)
    .sort()
    .map((p) => ({
      path: p,
      base: path.posix.basename(p).toLowerCase(),
      ext: path.posix.extname(p).toLowerCase(),
      size: Buffer.byteLength(files[p] ?? ''),
      tracked: !(opts.untracked ?? []).includes(p),
    }));
  const detectors = [detector];
  const failed = new Map<number, string>();
  const read = (fsPath: string | Buffer) => Buffer.from(files[String(fsPath)] ?? '', 'utf8');
  const findings: Finding[] = [];
  const hashes = new Map<string, string>();
  for (const entry of entries) {
    const selected = selectDetectors(entry, detectors, failed);
    if (selected.length === 0) continue;
    const out = processFile({ entry, fsPath: entry.path, detectors: selected }, detectors, read, Number.MAX_SAFE_INTEGER);
    if (out.failed.length > 0) throw new Error(`${detector.id} threw on ${entry.path}: ${out.failed[0]?.[1]}`);
    for (const [, found] of out.findings) findings.push(...found);
    if (out.sha256) hashes.set(entry.path, out.sha256);
  }
  if (failed.size > 0) throw new Error(`${detector.id}.selects threw: ${[...failed.values()].join(', ')}`);
  const git: GitInfo = { commit: null, branch: null, dirty: false, remote: null, isRepository: false, ...opts.git };
  const sha = (p: string) =>
    createHash('sha256')
      .update(files[p] ?? '')
      .digest('hex');
  const signals = await detector.evaluate({
    index: { root: '/virtual', files: entries, skipped: {}, skippedExamples: {} },
    findings,
    hashes,
    git,
    history: opts.history ?? null,
    options: opts.options ?? {},
    readText: (p) => files[p] ?? null,
    hashOf: sha,
  });
  return new Map(signals.map((s) => [s.id, s]));
}
