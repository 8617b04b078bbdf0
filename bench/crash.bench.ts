import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runWizardCrashLoop } from '../test/assessment/helpers/wizard-crash.js';
import type { BenchContext, BenchOutcome } from './run.js';

/**
 * The wizard kill loop at full length (the test suite runs a short one): the built
 * CLI in a pseudo-terminal, random keys, SIGKILL at random moments
 * (test/assessment/helpers/wizard-crash.ts). Targets: 0 answers lost that the
 * screen showed as saved, 0 files that do not load, no cycle that failed. Not a
 * speed figure: the elapsed time is printed for planning only.
 * `npm run bench -- crash [--cycles N] [--seed N]` (default 1,000 cycles).
 */
export async function crashBench(ctx: BenchContext): Promise<BenchOutcome> {
  // Always the current source: a stale dist/ would test someone else's wizard.
  ctx.log('building dist/');
  execFileSync(process.execPath, [path.join(ctx.repo, 'node_modules/tsx/dist/cli.mjs'), path.join(ctx.repo, 'scripts/build.ts')], {
    stdio: 'inherit',
  });
  const cycles = ctx.cycles ?? 1000;
  const work = mkdtempSync(path.join(ctx.benchDir, 'crash-'));
  try {
    const report = await runWizardCrashLoop({
      cycles,
      workDir: work,
      ...(ctx.seed !== undefined && { seed: ctx.seed }),
      onCycle: (n, r) => {
        if (n % 50 === 0)
          ctx.log(
            `${n}/${cycles} cycles: ${r.answersChecked} saved answers checked, ${r.answersLost} lost, ${r.unloadableFiles} unloadable, ${r.failures.length} failures`,
          );
      },
    });
    for (const f of report.failures.slice(0, 20)) ctx.log(`FAILURE ${f}`);
    const ok = report.answersLost === 0 && report.unloadableFiles === 0 && report.failures.length === 0 && report.cycles === cycles;
    const hit = Object.entries(report.statusAtKill)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return {
      name: 'crash',
      ok,
      lines: [
        `${report.cycles} SIGKILL cycles (seed ${report.seed}), ${report.keys} keys: ${report.answersLost} answers lost that the screen showed as saved (of ${report.answersChecked} checked in ${report.cyclesWithClaims} cycles), ${report.unloadableFiles} unloadable files, ${report.failures.length} failed cycles`,
        `killed at: ${Object.entries(report.moments)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}; header at the kill: ${hit}`,
        `elapsed ${(report.elapsedMs / 1000).toFixed(0)} s (not a target; taken on a shared machine)`,
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
