import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench [-- <name>…] [--reps N] [--workers auto|0|2] [--cycles N] [--seed N]`:
 * runs the named benchmarks (all but the on-request ones by default) and prints their figures. A benchmark is a module
 * exporting one async function; add later ones (wizard, dossier) to BENCHES.
 */

export interface BenchContext {
  repo: string;
  /** Cache directory for corpora and builds (`.bench/`, gitignored). */
  benchDir: string;
  reps: number;
  workers?: string;
  /** `--cycles N` (the crash benchmark's kill cycles). */
  cycles?: number;
  /** `--seed N` (the crash benchmark's random keys and kill moments, to repeat a run). */
  seed?: number;
  log: (line: string) => void;
}

export interface BenchOutcome {
  name: string;
  lines: string[];
  /** Whether the benchmark met its targets. */
  ok: boolean;
}

const BENCHES: Record<string, () => Promise<(ctx: BenchContext) => Promise<BenchOutcome>>> = {
  scan: async () => (await import('./scan.bench.js')).scanBench,
  dossier: async () => (await import('./dossier.bench.js')).dossierBench,
  wizard: async () => (await import('./wizard.bench.js')).wizardBench,
  redos: async () => (await import('./redos.bench.js')).redosBench,
  crash: async () => (await import('./crash.bench.js')).crashBench,
};
/**
 * Run only by name: the ReDoS fuzz is a hostile-input check taking minutes, the wizard
 * kill loop a crash-safety check taking a quarter of an hour; neither is a speed target.
 */
const ON_REQUEST = new Set(['redos', 'crash']);

interface Args {
  names: string[];
  reps: number;
  workers?: string;
  cycles?: number;
  seed?: number;
}

function parseArgs(argv: string[]): Args {
  const names: string[] = [];
  let reps = 5;
  let workers: string | undefined;
  let cycles: number | undefined;
  let seed: number | undefined;
  const whole = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--reps') reps = Math.max(1, Number(argv[++i]) || 5);
    else if (a === '--workers') workers = argv[++i];
    else if (a === '--cycles') cycles = whole(argv[++i]);
    else if (a === '--seed') seed = whole(argv[++i]);
    // Options a benchmark reads itself (e.g. --redos-sample 10).
    else if (a.startsWith('--')) i++;
    else names.push(a);
  }
  return { names, reps, ...(workers ? { workers } : {}), ...(cycles ? { cycles } : {}), ...(seed !== undefined ? { seed } : {}) };
}

async function main(): Promise<number> {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const benchDir = path.join(repo, '.bench');
  mkdirSync(benchDir, { recursive: true });
  const args = parseArgs(process.argv.slice(2));
  const unknown = args.names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`);
    return 2;
  }
  const names = args.names.length > 0 ? args.names : Object.keys(BENCHES).filter((n) => !ON_REQUEST.has(n));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let allOk = true;
  for (const name of names) {
    const run = await (BENCHES[name] as () => Promise<(ctx: BenchContext) => Promise<BenchOutcome>>)();
    log(`\n== bench: ${name}`);
    const { reps, workers, cycles, seed } = args;
    const outcome = await run({ repo, benchDir, reps, ...(workers ? { workers } : {}), ...(cycles ? { cycles } : {}), ...(seed !== undefined ? { seed } : {}), log });
    process.stdout.write(`\n[${name}] ${outcome.ok ? 'targets met' : 'TARGETS MISSED'}\n${outcome.lines.map((l) => `  ${l}`).join('\n')}\n`);
    allOk &&= outcome.ok;
  }
  return allOk ? 0 : 1;
}

process.exitCode = await main();
