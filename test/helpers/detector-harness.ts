import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CommitRecord, Detector, FileEntry, Finding, GitInfo, ScanOptions, Signal } from '../../source/detect/types.js';

/**
 * Runs one detector over an in-memory tree, the way the engine does (select →
 * prefilter → collect → evaluate), so detector tests need no disk.
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
  const sha = (p: string) => createHash('sha256').update(files[p] ?? '').digest('hex');
  const findings: Finding[] = [];
  const hashes = new Map<string, string>();
  for (const f of entries) {
    if (!detector.selects(f)) continue;
    const text = files[f.path] ?? '';
    if (detector.prefilter && !detector.prefilter.some((s) => text.includes(s))) continue;
    const found = detector.collect(f, text);
    if (found.length > 0) hashes.set(f.path, sha(f.path));
    findings.push(...found);
  }
  const git: GitInfo = { commit: null, branch: null, dirty: false, remote: null, isRepository: false, ...opts.git };
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
