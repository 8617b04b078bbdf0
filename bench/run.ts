import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench [-- <name>…] [--reps N] [--workers auto|0|2]`: runs the named
 * benchmarks (all by default) and prints their figures. A benchmark is a module
 * exporting one async function; add later ones (wizard, dossier) to BENCHES.
 */

export interface BenchContext {
  repo: string;
  /** Cache directory for corpora and builds (`.bench/`, gitignored). */
  benchDir: string;
  reps: number;
  workers?: string;
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
};

function parseArgs(argv: string[]): { names: string[]; reps: number; workers?: string } {
  const names: string[] = [];
  let reps = 5;
  let workers: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--reps') reps = Math.max(1, Number(argv[++i]) || 5);
    else if (a === '--workers') workers = argv[++i];
    // Options a benchmark reads itself (e.g. --redos-sample 10).
    else if (a.startsWith('--')) i++;
    else names.push(a);
  }
  return { names, reps, ...(workers ? { workers } : {}) };
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
  // The ReDoS fuzz is a hostile-input check taking minutes, not a speed target: run it by name.
  const names = args.names.length > 0 ? args.names : Object.keys(BENCHES).filter((n) => n !== 'redos');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let allOk = true;
  for (const name of names) {
    const run = await (BENCHES[name] as () => Promise<(ctx: BenchContext) => Promise<BenchOutcome>>)();
    log(`\n== bench: ${name}`);
    const outcome = await run({ repo, benchDir, reps: args.reps, ...(args.workers ? { workers: args.workers } : {}), log });
    process.stdout.write(`\n[${name}] ${outcome.ok ? 'targets met' : 'TARGETS MISSED'}\n${outcome.lines.map((l) => `  ${l}`).join('\n')}\n`);
    allOk &&= outcome.ok;
  }
  return allOk ? 0 : 1;
}

process.exitCode = await main();
