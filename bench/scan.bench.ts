import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureCorpus } from './corpus.js';
import { rgPatterns } from './rg-patterns.js';
import type { BenchContext, BenchOutcome } from './run.js';

/**
 * `shipshape scan` against ripgrep on the same corpus, in the same run.
 * shipshape runs as the built engine (`tsc` into .bench/dist) in a fresh Node
 * process per repetition (`bench/scan-child.mjs`), so Node start-up and module
 * loading count, as they would for a user. Both processes are timed and their peak
 * RSS read by /usr/bin/time. Targets: scan ≤ 1.5× rg, peak RSS ≤ 250 MB.
 *
 * `--repo <dir>` measures a real repository instead (a monorepo of many small
 * files is a different load from the corpus's few large ones): a full scan with
 * the cache off, and a re-scan of the unchanged tree with the per-file cache warm
 * (a fresh cache directory, filled by one untimed run), each against ripgrep with
 * the same rules in the same run. Targets there: full ≤ 1.5× rg, re-scan ≤ 0.5× rg,
 * peak RSS ≤ 150 MB. `--engine <dir>` times an engine bundled earlier (e.g. from
 * another commit, for a before/after in one run) instead of bundling this tree.
 */

const RATIO_TARGET = 1.5;
const RSS_TARGET_MB = 250;
const REPO_RESCAN_TARGET = 0.5;
const REPO_RSS_TARGET_MB = 150;

function optionValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Timed {
  seconds: number;
  /** User + system CPU seconds: robust to other load on the machine, unlike wall time. */
  cpu: number;
  maxRssMb: number;
  stdout: string;
}

/** Wall time and peak RSS of a child process, measured by GNU time. */
function timed(cmd: string, args: string[], cwd: string): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %U %S %M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const m = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`could not time ${cmd}: ${(r.stderr ?? '').slice(-500)}`);
  return { seconds: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), maxRssMb: Number(m[4]) / 1024, stdout: r.stdout ?? '' };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function ensureRipgrep(log: (s: string) => void): string | null {
  const has = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (has.status === 0) return null;
  log('ripgrep is missing; installing it with apt-get…');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'ripgrep'], { stdio: 'ignore' });
    return null;
  } catch (e) {
    return `ripgrep could not be installed (${(e as Error).message.split('\n')[0]}); the ratio is skipped`;
  }
}

async function buildEngine(outDir: string, log: (s: string) => void): Promise<void> {
  log(`bundling the engine into ${outDir}…`);
  // The same bundle settings as dist/, so the bench measures the engine that ships.
  const { bundle } = await import('../scripts/build.js');
  await bundle({ engine: 'source/detect/engine.ts', 'engine-worker': 'source/detect/engine-worker.ts' }, outDir);
}

export async function scanBench(ctx: BenchContext): Promise<BenchOutcome> {
  const repoDir = optionValue('--repo');
  if (repoDir !== undefined) return repoBench(ctx, path.resolve(repoDir));
  return corpusBench(ctx);
}

async function engineDir(ctx: BenchContext): Promise<string> {
  const given = optionValue('--engine');
  if (given !== undefined) {
    ctx.log(`timing the engine bundled in ${given}`);
    return path.resolve(given);
  }
  const dist = path.join(ctx.benchDir, 'dist');
  await buildEngine(dist, ctx.log);
  return dist;
}

interface RgSetup {
  problem: string | null;
  patterns: string[];
  args: string[];
}

async function rgSetup(log: (s: string) => void): Promise<RgSetup> {
  const problem = ensureRipgrep(log);
  const { patterns, notes } = problem ? { patterns: [], notes: [] } : await rgPatterns();
  for (const n of notes) log(`  rg pattern note: ${n}`);
  // Same scope as the scan: hidden files in, .git out, .gitignore honoured, same size cap, binaries skipped (rg's default).
  const args = ['--hidden', '-g', '!.git', '--max-filesize', '2M', '-n', '--no-messages', ...patterns.flatMap((p) => ['-e', p]), '.'];
  return { problem, patterns, args };
}

interface ChildReport {
  ms: number;
  filesScanned: number;
  filesRead: number;
  bytesRead: number;
  workers: number;
  filesFromCache?: number;
  secretsEvidence: number | null;
}

function childReport(run: Timed): ChildReport {
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport;
}

const fmt = (runs: Timed[]) => `${median(runs.map((r) => r.seconds)).toFixed(2)} s wall, ${median(runs.map((r) => r.cpu)).toFixed(2)} s CPU, peak RSS ${Math.max(...runs.map((r) => r.maxRssMb)).toFixed(0)} MB`;

/** A real repository: full scan (cache off) and re-scan of the unchanged tree (cache warm), against rg. */
async function repoBench(ctx: BenchContext, root: string): Promise<BenchOutcome> {
  const { log, repo, benchDir, reps } = ctx;
  const dist = await engineDir(ctx);
  const rg = await rgSetup(log);
  const cacheDir = mkdtempSync(path.join(benchDir, 'scan-cache-'));
  const workers = ctx.workers ?? 'auto';
  const full = ['bench/scan-child.mjs', dist, root, workers, 'off'];
  const again = ['bench/scan-child.mjs', dist, root, workers, cacheDir];
  try {
    // Warm the page cache (both tools) and fill the scan cache, untimed.
    timed(process.execPath, full, repo);
    timed(process.execPath, again, repo);
    if (!rg.problem) timed('rg', rg.args, root);
    const fullRuns: Timed[] = [];
    const againRuns: Timed[] = [];
    const rgRuns: Timed[] = [];
    for (let i = 0; i < reps; i++) {
      // Interleaved, so a burst of load from elsewhere hits all three alike.
      if (!rg.problem) rgRuns.push(timed('rg', rg.args, root));
      fullRuns.push(timed(process.execPath, full, repo));
      againRuns.push(timed(process.execPath, again, repo));
      log(
        `  rep ${i + 1}/${reps}: full ${fullRuns.at(-1)!.seconds.toFixed(2)} s (cpu ${fullRuns.at(-1)!.cpu.toFixed(2)}), re-scan ${againRuns.at(-1)!.seconds.toFixed(2)} s (cpu ${againRuns.at(-1)!.cpu.toFixed(2)})` +
          (rgRuns.length ? `, rg ${rgRuns.at(-1)!.seconds.toFixed(2)} s (cpu ${rgRuns.at(-1)!.cpu.toFixed(2)})` : ''),
      );
    }
    const f = childReport(fullRuns.at(-1)!);
    const a = childReport(againRuns.at(-1)!);
    const wall = (runs: Timed[]) => median(runs.map((r) => r.seconds));
    const cpu = (runs: Timed[]) => median(runs.map((r) => r.cpu));
    const peak = Math.max(...fullRuns.map((r) => r.maxRssMb), ...againRuns.map((r) => r.maxRssMb));
    const os = await import('node:os');
    const fullRatio = rgRuns.length ? wall(fullRuns) / wall(rgRuns) : null;
    const againRatio = rgRuns.length ? wall(againRuns) / wall(rgRuns) : null;
    const lines = [
      `repository: ${root}, ${f.filesScanned.toLocaleString('en-US')} files scanned, ${f.filesRead.toLocaleString('en-US')} read (${(f.bytesRead / 1024 / 1024).toFixed(0)} MB), workers=${f.workers}`,
      `full scan (cache off): median ${fmt(fullRuns)} over ${reps} runs; in-process ${(f.ms / 1000).toFixed(2)} s`,
      `re-scan, unchanged tree (cache warm): median ${fmt(againRuns)}; ${a.filesFromCache ?? 0} files from the cache, ${a.filesRead.toLocaleString('en-US')} read; in-process ${(a.ms / 1000).toFixed(2)} s`,
      rgRuns.length ? `ripgrep, one run with the ${rg.patterns.length} equivalent patterns: median ${fmt(rgRuns)}` : `ripgrep: ${rg.problem}`,
      fullRatio !== null ? `ratio full/rg: ${fullRatio.toFixed(2)} wall, ${(cpu(fullRuns) / cpu(rgRuns)).toFixed(2)} CPU (target ≤ ${RATIO_TARGET})` : '',
      againRatio !== null ? `ratio re-scan/rg: ${againRatio.toFixed(2)} wall, ${(cpu(againRuns) / cpu(rgRuns)).toFixed(2)} CPU (target ≤ ${REPO_RESCAN_TARGET})` : '',
      `peak RSS ${peak.toFixed(0)} MB (target ≤ ${REPO_RSS_TARGET_MB})`,
      `machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)} at the end (wall times are noisy under load; CPU times less so)`,
    ].filter(Boolean);
    const ok = (fullRatio === null || fullRatio <= RATIO_TARGET) && (againRatio === null || againRatio <= REPO_RESCAN_TARGET) && peak <= REPO_RSS_TARGET_MB;
    return { name: 'scan', lines, ok };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function corpusBench(ctx: BenchContext): Promise<BenchOutcome> {
  const { log, repo, benchDir, reps } = ctx;
  const corpus = ensureCorpus(benchDir, log);
  const mb = corpus.bytes / 1024 / 1024;
  log(`corpus: ${corpus.files.toLocaleString('en-US')} files, ${mb.toFixed(0)} MB, ${corpus.planted} with planted secrets (${corpus.dir})`);
  const dist = await engineDir(ctx);
  const { problem: rgProblem, patterns, args: rgArgs } = await rgSetup(log);
  const child = ['bench/scan-child.mjs', dist, corpus.dir, ctx.workers ?? 'auto', 'off'];

  // Warm the page cache and the tsc output for both, untimed.
  timed(process.execPath, child, repo);
  let rgMatchedLines: number | null = null;
  if (!rgProblem) {
    const stats = spawnSync('rg', ['--stats', ...rgArgs], { cwd: corpus.dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const m = /(\d+) matched lines/.exec(stats.stdout ?? '');
    rgMatchedLines = m ? Number(m[1]) : null;
  }

  const scanRuns: Timed[] = [];
  const rgRuns: Timed[] = [];
  // rg's best case: one run per pattern, so each keeps its literal prefilter (the
  // combined alternation loses it, and its lazy DFA thrashes on the bounded repeats).
  const rgEachRuns: Timed[] = [];
  const scope = rgArgs.filter((a, i) => a !== '-e' && rgArgs[i - 1] !== '-e');
  for (let i = 0; i < reps; i++) {
    if (!rgProblem) {
      rgRuns.push(timed('rg', rgArgs, corpus.dir));
      const each = patterns.map((p) => timed('rg', [...scope.slice(0, -1), '-e', p, '.'], corpus.dir));
      rgEachRuns.push({
        seconds: each.reduce((a, t) => a + t.seconds, 0),
        cpu: each.reduce((a, t) => a + t.cpu, 0),
        maxRssMb: Math.max(...each.map((t) => t.maxRssMb)),
        stdout: '',
      });
    }
    scanRuns.push(timed(process.execPath, child, repo));
    log(
      `  rep ${i + 1}/${reps}: scan ${scanRuns.at(-1)!.seconds.toFixed(2)} s (cpu ${scanRuns.at(-1)!.cpu.toFixed(2)})` +
        (rgRuns.length
          ? `, rg ${rgRuns.at(-1)!.seconds.toFixed(2)} s (cpu ${rgRuns.at(-1)!.cpu.toFixed(2)}), rg per pattern ${rgEachRuns.at(-1)!.seconds.toFixed(2)} s (cpu ${rgEachRuns.at(-1)!.cpu.toFixed(2)})`
          : ''),
    );
  }
  const last = childReport(scanRuns.at(-1)!);

  const scanS = median(scanRuns.map((r) => r.seconds));
  const scanCpu = median(scanRuns.map((r) => r.cpu));
  const rgS = rgRuns.length ? median(rgRuns.map((r) => r.seconds)) : null;
  const rgCpu = rgRuns.length ? median(rgRuns.map((r) => r.cpu)) : null;
  const eachS = rgEachRuns.length ? median(rgEachRuns.map((r) => r.seconds)) : null;
  const eachCpu = rgEachRuns.length ? median(rgEachRuns.map((r) => r.cpu)) : null;
  const peakRss = Math.max(...scanRuns.map((r) => r.maxRssMb));
  const ratio = rgS ? scanS / rgS : null;
  const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
  const lines = [
    `shipshape scan (built engine, fresh process, workers=${last.workers}): median ${scanS.toFixed(2)} s wall, ${scanCpu.toFixed(2)} s CPU over ${reps} runs`,
    `  ${(corpus.files / scanS).toFixed(0)} files/s, ${(mb / scanS).toFixed(0)} MB/s of corpus; read ${last.filesRead.toLocaleString('en-US')} files / ${(last.bytesRead / 1024 / 1024).toFixed(0)} MB; in-process time ${(last.ms / 1000).toFixed(2)} s`,
    `  peak RSS ${peakRss.toFixed(0)} MB (target ≤ ${RSS_TARGET_MB}); secrets.hardcoded evidence: ${last.secretsEvidence ?? 'n/a'}`,
    rgS && rgCpu !== null
      ? `ripgrep, one run with the ${patterns.length} equivalent patterns: median ${rgS.toFixed(2)} s wall, ${rgCpu.toFixed(2)} s CPU, peak RSS ${Math.max(...rgRuns.map((r) => r.maxRssMb)).toFixed(0)} MB, ${rgMatchedLines ?? '?'} matched lines`
      : `ripgrep: ${rgProblem}`,
    eachS !== null && eachCpu !== null
      ? `ripgrep, one run per pattern (rg's best case): median ${eachS.toFixed(2)} s wall, ${eachCpu.toFixed(2)} s CPU (sum of ${patterns.length} runs)`
      : '',
    ratio ? `ratio scan/rg: ${ratio.toFixed(2)} wall, ${(scanCpu / rgCpu!).toFixed(2)} CPU (target ≤ ${RATIO_TARGET})` : 'ratio: not measured',
    eachS ? `ratio scan/rg-per-pattern: ${(scanS / eachS).toFixed(2)} wall, ${(scanCpu / eachCpu!).toFixed(2)} CPU` : '',
    `machine: ${(await import('node:os')).cpus().length} cores, load average ${load} at the end (wall times are noisy under load; CPU times less so)`,
  ].filter(Boolean);
  const ok = (ratio === null || ratio <= RATIO_TARGET) && peakRss <= RSS_TARGET_MB;
  return { name: 'scan', lines, ok };
}
