import { execFileSync, spawnSync } from 'node:child_process';
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
 */

const RATIO_TARGET = 1.5;
const RSS_TARGET_MB = 250;

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
  const { log, repo, benchDir, reps } = ctx;
  const corpus = ensureCorpus(benchDir, log);
  const mb = corpus.bytes / 1024 / 1024;
  log(`corpus: ${corpus.files.toLocaleString('en-US')} files, ${mb.toFixed(0)} MB, ${corpus.planted} with planted secrets (${corpus.dir})`);
  const dist = path.join(benchDir, 'dist');
  await buildEngine(dist, log);

  const rgProblem = ensureRipgrep(log);
  const { patterns, notes } = rgProblem ? { patterns: [], notes: [] } : await rgPatterns();
  for (const n of notes) log(`  rg pattern note: ${n}`);
  // Same scope as the scan: hidden files in, .git out, .gitignore honoured, same size cap, binaries skipped (rg's default).
  const rgArgs = ['--hidden', '-g', '!.git', '--max-filesize', '2M', '-n', '--no-messages', ...patterns.flatMap((p) => ['-e', p]), '.'];
  const child = ['bench/scan-child.mjs', dist, corpus.dir, ctx.workers ?? 'auto'];

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
  const last = JSON.parse(scanRuns.at(-1)!.stdout.trim().split('\n').at(-1) ?? '{}') as {
    ms: number;
    filesScanned: number;
    filesRead: number;
    bytesRead: number;
    workers: number;
    secretsEvidence: number | null;
  };

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
