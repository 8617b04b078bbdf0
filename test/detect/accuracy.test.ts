import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../source/detect/engine.js';
import type { Signal, SignalStatus } from '../../source/detect/types.js';
import { scoreFindings } from './finding-score.js';

/**
 * Labelled fixture corpus: `test/fixtures/repos/<name>/` is a small realistic
 * repository and `<name>.labels.json` says what some signals should be. Precision
 * and recall are measured on pass/fail verdicts, the ones a reviewer acts on:
 *   precision = correct pass/fail predictions ÷ pass/fail predictions on labelled pairs
 *   recall    = correct pass/fail predictions ÷ labelled pass/fail pairs
 *
 * A label file may also list, per signal, the lines a finding must be reported at
 * (`"findings": { "secrets.hardcoded": ["path:line", …] }`); those are scored at the
 * finding level: labelled lines found, and counted findings nobody labelled.
 */

const REPOS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'repos');
const STATUSES: ReadonlySet<string> = new Set(['pass', 'fail', 'unknown', 'not_applicable']);
const MIN_PRECISION = 0.95;
const MIN_RECALL = 0.9;
const MIN_CASES_PER_SIGNAL = 3;
const MIN_FINDING_RECALL = 0.95;
/** Counted findings at unlabelled lines, per fixture: none on our own corpus. */
const MAX_FALSE_FINDINGS_PER_REPO = 0;

interface Fixture {
  name: string;
  dir: string;
  labels: Record<string, SignalStatus>;
  /** Signal id → the `path:line` places a counted finding must be reported at. */
  findings: Record<string, string[]>;
}

function loadFixtures(): { fixtures: Fixture[]; problems: string[] } {
  const problems: string[] = [];
  if (!existsSync(REPOS)) return { fixtures: [], problems };
  const fixtures: Fixture[] = [];
  for (const entry of readdirSync(REPOS).sort()) {
    if (!entry.endsWith('.labels.json')) continue;
    const name = entry.slice(0, -'.labels.json'.length);
    const dir = path.join(REPOS, name);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`${entry}: no fixture directory ${name}/ beside it`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path.join(REPOS, entry), 'utf8'));
    } catch (e) {
      problems.push(`${entry}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    const signals = (parsed as { signals?: unknown }).signals;
    if (!signals || typeof signals !== 'object') {
      problems.push(`${entry}: expected { "signals": { "<id>": "pass" | "fail" | "unknown" | "not_applicable" } }`);
      continue;
    }
    const labels: Record<string, SignalStatus> = {};
    for (const [id, status] of Object.entries(signals as Record<string, unknown>)) {
      if (typeof status !== 'string' || !STATUSES.has(status)) problems.push(`${entry}: ${id} has label ${JSON.stringify(status)}`);
      else labels[id] = status as SignalStatus;
    }
    const findings: Record<string, string[]> = {};
    const listed = (parsed as { findings?: unknown }).findings;
    if (listed !== undefined) {
      if (!listed || typeof listed !== 'object') problems.push(`${entry}: "findings" must map signal ids to lists of "path:line"`);
      else
        for (const [id, places] of Object.entries(listed as Record<string, unknown>)) {
          if (!Array.isArray(places) || places.some((p) => typeof p !== 'string')) problems.push(`${entry}: findings.${id} must be a list of "path:line" strings`);
          else findings[id] = places as string[];
        }
    }
    fixtures.push({ name, dir, labels, findings });
  }
  for (const entry of existsSync(REPOS) ? readdirSync(REPOS) : []) {
    const full = path.join(REPOS, entry);
    if (statSync(full).isDirectory() && !existsSync(`${full}.labels.json`)) problems.push(`${entry}/: fixture without ${entry}.labels.json`);
  }
  return { fixtures, problems };
}

interface Tally {
  predicted: number; // pass/fail predictions made on labelled pairs
  correct: number; // of which right
  labelled: number; // labelled pass/fail pairs
  hits: number; // labelled pass/fail pairs predicted right
}

const empty = (): Tally => ({ predicted: 0, correct: 0, labelled: 0, hits: 0 });
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const pct = (x: number | null) => (x === null ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

const { fixtures, problems } = loadFixtures();

// One scan per fixture, shared by the signal-level and finding-level scores.
const scans = new Map<string, Promise<Signal[]>>();
function signalsOf(fx: Fixture): Promise<Signal[]> {
  let p = scans.get(fx.name);
  if (!p) {
    p = runScan(fx.dir, {}, { workers: 0 }).then((r) => r.result.signals);
    scans.set(fx.name, p);
  }
  return p;
}
if (fixtures.length === 0) console.warn(`accuracy: no labelled fixtures under ${REPOS}; nothing to measure (add <name>/ and <name>.labels.json)`);

describe('detector accuracy on the labelled fixture corpus', () => {
  it('label files are well-formed', () => {
    expect(problems).toEqual([]);
  });

  it.skipIf(fixtures.length === 0)(
    `precision ≥ ${MIN_PRECISION} and recall ≥ ${MIN_RECALL}, overall and per signal`,
    async () => {
      const perSignal = new Map<string, Tally>();
      const overall = empty();
      const misses: string[] = [];
      for (const fx of fixtures) {
        const got = new Map((await signalsOf(fx)).map((s) => [s.id, s.status]));
        for (const [id, expected] of Object.entries(fx.labels)) {
          const actual = got.get(id);
          const t = perSignal.get(id) ?? empty();
          perSignal.set(id, t);
          const verdict = actual === 'pass' || actual === 'fail';
          const labelledVerdict = expected === 'pass' || expected === 'fail';
          for (const x of [t, overall]) {
            if (verdict) x.predicted += 1;
            if (verdict && actual === expected) x.correct += 1;
            if (labelledVerdict) x.labelled += 1;
            if (labelledVerdict && actual === expected) x.hits += 1;
          }
          if (actual !== expected) misses.push(`${fx.name}: ${id} expected ${expected}, got ${actual ?? 'no such signal'}`);
        }
      }

      const rows = [...perSignal.entries()].sort(([a], [b]) => a.localeCompare(b));
      const w = Math.max(6, ...rows.map(([id]) => id.length));
      const lines = [
        `${'signal'.padEnd(w)}  precision  recall   cases`,
        ...rows.map(([id, t]) => `${id.padEnd(w)}  ${pct(ratio(t.correct, t.predicted))}     ${pct(ratio(t.hits, t.labelled))}  ${String(t.labelled).padStart(5)}`),
        `${'OVERALL'.padEnd(w)}  ${pct(ratio(overall.correct, overall.predicted))}     ${pct(ratio(overall.hits, overall.labelled))}  ${String(overall.labelled).padStart(5)}`,
        `(${fixtures.length} fixtures)`,
      ];
      console.log(`\n${lines.join('\n')}${misses.length ? `\n\nmismatches:\n  ${misses.join('\n  ')}` : ''}\n`);

      const failures: string[] = [];
      const check = (name: string, t: Tally) => {
        const p = ratio(t.correct, t.predicted);
        const r = ratio(t.hits, t.labelled);
        if (p !== null && p < MIN_PRECISION) failures.push(`${name}: precision ${pct(p).trim()} < ${MIN_PRECISION * 100}%`);
        if (r !== null && r < MIN_RECALL) failures.push(`${name}: recall ${pct(r).trim()} < ${MIN_RECALL * 100}%`);
      };
      check('overall', overall);
      for (const [id, t] of rows) if (t.labelled >= MIN_CASES_PER_SIGNAL) check(id, t);
      expect(failures).toEqual([]);
    },
    300_000,
  );

  const withFindings = fixtures.filter((fx) => Object.keys(fx.findings).length > 0);
  it.skipIf(withFindings.length === 0)(
    `finding level: recall ≥ ${MIN_FINDING_RECALL} of labelled lines, at most ${MAX_FALSE_FINDINGS_PER_REPO} false findings per fixture`,
    async () => {
      const rows: string[] = [];
      const failures: string[] = [];
      let labelled = 0;
      let found = 0;
      for (const fx of withFindings) {
        const signals = await signalsOf(fx);
        for (const [id, places] of Object.entries(fx.findings)) {
          const score = scoreFindings(signals.find((s) => s.id === id), places);
          labelled += score.labelled;
          found += score.found;
          rows.push(`${fx.name.padEnd(32)} ${id.padEnd(18)} ${String(score.found).padStart(3)}/${String(score.labelled).padEnd(3)} false ${score.extra.length}${score.missed.length ? `  missed ${score.missed.join(', ')}` : ''}${score.extra.length ? `  unlabelled ${score.extra.join(', ')}` : ''}`);
          if (score.extra.length > MAX_FALSE_FINDINGS_PER_REPO) failures.push(`${fx.name}: ${score.extra.length} false findings (${score.extra.join(', ')})`);
        }
      }
      const recall = ratio(found, labelled);
      console.log(`\n${rows.join('\n')}\nfinding recall ${pct(recall).trim()} (${found}/${labelled} labelled lines, ${withFindings.length} fixtures)\n`);
      if (recall !== null && recall < MIN_FINDING_RECALL) failures.push(`finding recall ${pct(recall).trim()} < ${MIN_FINDING_RECALL * 100}%`);
      expect(failures).toEqual([]);
    },
    300_000,
  );
});
