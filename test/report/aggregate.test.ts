import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '../../source/assessment/model.js';
import { main } from '../../source/cli.js';
import { buildReport } from '../../source/report/json.js';
import { buildFleetView, readFleetEntry, repositoryName, type FleetEntry } from '../../source/report/fleet.js';
import { captureIO } from '../detect/engine-helpers.js';
import { contractErrors } from '../helpers/schemas.js';
import { answer, baseAssessment } from './helpers.js';
import { shippedChecklist } from './sample-input.js';

/**
 * A fleet of fourteen generated repositories (a dozen reports, two check runs),
 * with known verdicts, ages and gaps, rolled up by the real command.
 */

const checklist = shippedChecklist();
// The command reads the real clock: ages are relative to it.
const NOW = new Date();
const applicable = checklist.questions.filter((q) => !q.applies_when);
const blockers = applicable.filter((q) => q.severity === 'blocker');
let dir: string;

/** Repository i answers every applicable question yes, except `gaps` of them; `ageDays` since the last answer. */
function fleetReport(i: number, opts: { gaps: string[]; ageDays: number }): string {
  const at = new Date(NOW.getTime() - opts.ageDays * 86_400_000);
  const a: Assessment = { ...baseAssessment(checklist), name: `svc-${i}`, repository: { root: '.', remote: `https://git.example.com/acme/svc-${i}.git`, branch: 'main' } };
  a.scope = { tier: 'internal', data: [], ai: false, frameworks: ['soc2'] };
  for (const q of checklist.questions) a.answers[q.id] = answer(opts.gaps.includes(q.id) ? 'no' : 'yes', { answered_at: at.toISOString() });
  a.updated_at = at.toISOString();
  return `${JSON.stringify(buildReport({ assessment: a, checklist, scan: null, repoRoot: '/nowhere', now: NOW }), null, 2)}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shipshape-fleet-'));
  const sharedGap = blockers[0]!.id;
  for (let i = 0; i < 12; i++) {
    // Repositories 0–5 share a blocker gap (not ready); 6–8 have a high gap; 9–11 are clean. 10 and 11 were last reviewed long ago.
    const gaps = i < 6 ? [sharedGap] : i < 9 ? [applicable.find((q) => q.severity === 'high')!.id] : [];
    mkdirSync(path.join(dir, `svc-${i}`), { recursive: true });
    writeFileSync(path.join(dir, `svc-${i}`, 'report.json'), fleetReport(i, { gaps, ageDays: i >= 10 ? 200 : 3 }));
  }
  writeFileSync(path.join(dir, 'package.json'), '{"name":"not a report"}');
  writeFileSync(path.join(dir, 'broken.json'), '{');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const cap = captureIO(dir, { env: { HOME: dir } });
  const code = await main(args, cap.io);
  return { code, out: cap.stdout().toString('utf8'), err: cap.stderr() };
}

describe('aggregate', () => {
  it('rolls a dozen reports up: verdicts, stale assessments, the controls and questions failing most', async () => {
    const r = await run('aggregate', '.', '--stale-days', '30', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out) as {
      totals: Record<string, number>;
      repositories: { name: string; verdict: string; stale: boolean; stale_reasons: string[]; blockers: number; sections: unknown[] }[];
      questions: { question: string; failing: number }[];
      controls: { control: string; failing: number }[];
      skipped: { file: string; reason: string }[];
    };
    expect(contractErrors(json)).toEqual([]);
    expect(json.totals).toMatchObject({ repositories: 12, not_ready: 6, stale: 2 });
    expect(json.totals.ready! + json.totals.conditional!).toBe(6);
    // Worst first, named from the remote.
    expect(json.repositories[0]!.verdict).toBe('not ready');
    expect(json.repositories.map((x) => x.name)).toContain('acme/svc-11');
    expect(json.repositories.find((x) => x.name === 'acme/svc-11')!.stale_reasons).toEqual(['reviewed 200 days ago']);
    expect(json.repositories.find((x) => x.name === 'acme/svc-0')!.stale).toBe(false);
    expect(json.questions[0]).toMatchObject({ question: blockers[0]!.id, failing: 6 });
    const mapped = blockers[0]!.mappings.soc2?.[0];
    const highGap = applicable.find((q) => q.severity === 'high')!;
    if (mapped) {
      const expected = 6 + (highGap.mappings.soc2?.includes(mapped) ? 3 : 0);
      expect(json.controls.find((c) => c.control === `soc2:${mapped}`)?.failing).toBe(expected);
      expect(json.controls[0]!.failing).toBeGreaterThanOrEqual(expected);
    }
    expect(json.repositories[0]!.sections.length).toBeGreaterThan(5);
    expect(json.skipped.map((s) => `${s.file}: ${s.reason}`).sort()).toEqual(['broken.json: not valid JSON', 'package.json: not a shipshape report or check JSON']);
  });

  it('writes markdown and JSON from one run, and takes check JSON too', async () => {
    const check = {
      format: 'shipshape-check',
      format_version: 1,
      verdict: 'not ready',
      score: 40,
      passed: false,
      commit: 'abc',
      repository: { remote: 'git@git.example.com:acme/gate-only.git', branch: 'main', prefix: '' },
      assessment: null,
      assessment_updated_at: null,
      counts: { applicable: 10, answered: 4, yes: 3, gaps: 2, blockers: 1 },
      sections: [{ id: 'secrets', title: 'Secrets management', score: 0 }],
      failures: [{ question: 'secrets.no-hardcoded', kind: 'gap' }],
      warnings: [{ question: 'x', kind: 'stale-evidence' }],
      findings: [{ rule: 'secrets.no-hardcoded', controls: ['soc2:CC6.1'] }],
    };
    writeFileSync(path.join(dir, 'gate.json'), JSON.stringify(check));
    const r = await run('aggregate', '.', '--format', 'md', '-o', 'fleet.md', '--format', 'json=fleet.json');
    expect(r.code, r.err).toBe(0);
    const md = (await import('node:fs')).readFileSync(path.join(dir, 'fleet.md'), 'utf8');
    expect(md).toMatch(/^# shipshape fleet summary/);
    expect(md).toContain('| acme/gate-only | not ready | 40% | FAIL |');
    expect(md).toMatch(/never reviewed \(detection only\); evidence changed under 1 answer/);
    expect(md).toContain('## Controls failing most');

    // The verdicts as one Mermaid chart, one series per verdict.
    const mermaid = md.slice(md.indexOf('```mermaid'), md.indexOf('```', md.indexOf('```mermaid') + 3));
    expect(mermaid).toContain('x-axis ["ready (3)", "ready with conditions (3)", "not ready (7)"]');
    expect(mermaid.match(/^ {2}bar \[/gm)).toHaveLength(3);
    // The heat table: a row per repository, a glyph per section; the gate-only run knows one section, scored 0.
    const heat = md.slice(md.indexOf('## Readiness by section'), md.indexOf('## Repositories'));
    const rows = heat.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| repository'));
    expect(rows).toHaveLength(13);
    const cells = (l: string) => l.split('|').slice(1, -1).map((c) => c.trim());
    const header = cells(heat.split('\n').find((l) => l.startsWith('| repository'))!);
    const secretsColumn = header.indexOf('secrets');
    const gateRow = cells(rows.find((l) => l.startsWith('| acme/gate-only |'))!);
    expect(gateRow[secretsColumn]).toBe('✘');
    expect(gateRow.filter((c) => c === '–').length).toBe(header.length - 2);
    // A clean repository is full wherever anything applies (its scope calls no AI model: those sections are empty).
    const clean = cells(rows.find((l) => l.startsWith('| acme/svc-11 |'))!).slice(1);
    expect(clean.every((c) => c === '█' || c === '–')).toBe(true);
    expect(clean.filter((c) => c === '█').length).toBeGreaterThan(6);
    expect(heat).toContain('Section score: █ 90–100 · ▓ 70–89 · ▒ 40–69 · ░ 1–39 · ✘ 0 · –');
    rmSync(path.join(dir, 'gate.json'));
  });

  it('is a usage error when nothing readable is given', async () => {
    expect((await run('aggregate', 'package.json')).code).toBe(2);
    expect((await run('aggregate', 'missing-dir')).err).toMatch(/no such file or directory: missing-dir/);
  });

  it('the view-model gives a picture the repositories × sections grid and the verdict counts', () => {
    const entry = readFleetEntry(JSON.parse(fleetReport(0, { gaps: [], ageDays: 1 })), 'a.json') as FleetEntry;
    const view = buildFleetView([entry, { ...entry, name: 'other', verdict: 'not ready', sections: entry.sections.slice(0, 2) }], [], NOW, 30);
    expect(view.sections.map((s) => s.id)).toEqual(entry.sections.map((s) => s.id));
    expect(view.repositories.find((r) => r.name === 'other')!.sectionScores.get(view.sections[5]!.id)).toBeUndefined();
    expect(view.repositories[0]!.name).toBe('other');
    expect(view.totals.byVerdict['not ready']).toBe(1);
    expect(repositoryName('git@host:org/app.git')).toBe('org/app');
    expect(repositoryName('https://host/org/app/')).toBe('org/app');
  });
});
