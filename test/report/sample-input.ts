import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addEvidence, applyProposal, confirmProposal, grantWaiver, setAnswer, setNote, setOwnerDue, type Actor } from '../../source/assessment/answers.js';
import { createAssessment } from '../../source/assessment/create.js';
import type { Assessment } from '../../source/assessment/model.js';
import { proposeAll } from '../../source/assessment/propose.js';
import { loadChecklist } from '../../source/checklist/load.js';
import type { Checklist } from '../../source/checklist/schema.js';
import { runScan } from '../../source/detect/engine.js';
import type { ScanResult } from '../../source/detect/types.js';
import type { DossierInput } from '../../source/report/index.js';
import { shippedChecklistsDir } from '../../source/util/package-root.js';

/**
 * The deterministic input behind docs/sample-dossier.md: the fixture repository
 * test/fixtures/repos/secrets-nextjs-ai, copied to a temporary directory and
 * committed there with fixed author, dates and message (so the commit id is the
 * same on every machine), scanned, then answered by two fixed people at fixed times
 * over three days (so the dossier draws its score over time), with two recorded
 * gate runs.
 */

const SAMPLE_FIXTURE = path.resolve(import.meta.dirname, '../fixtures/repos/secrets-nextjs-ai');
const SAMPLE_NOW = new Date('2025-06-02T15:30:00.000Z');

export function shippedChecklist(): Checklist {
  return loadChecklist(path.join(shippedChecklistsDir(), 'ai-production-readiness.yaml'), { shippedDir: shippedChecklistsDir() });
}

function git(cwd: string, args: string[]): void {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Sample Author',
    GIT_AUTHOR_EMAIL: 'author@example.invalid',
    GIT_COMMITTER_NAME: 'Sample Author',
    GIT_COMMITTER_EMAIL: 'author@example.invalid',
    GIT_AUTHOR_DATE: '2025-06-01T09:00:00Z',
    GIT_COMMITTER_DATE: '2025-06-01T09:00:00Z',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: cwd,
  };
  execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], { cwd, env, stdio: 'ignore' });
}

/** A committed copy of the fixture, named support-bot (the dossier shows the name) in a temporary directory the caller removes. */
function sampleRepository(): { dir: string; parent: string } {
  const parent = mkdtempSync(path.join(tmpdir(), 'shipshape-sample-'));
  const dir = path.join(parent, 'support-bot');
  cpSync(SAMPLE_FIXTURE, dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'Initial import']);
  // One assistant-written change, so the sample shows the AI provenance section at work.
  writeFileSync(path.join(dir, 'CLAUDE.md'), '# Notes for the coding assistant\n\nRun `npm test` before proposing a change.\n');
  git(dir, ['add', 'CLAUDE.md']);
  git(dir, ['commit', '-q', '-m', 'Add assistant notes\n\nCo-authored-by: Claude <noreply@anthropic.com>']);
  git(dir, ['remote', 'add', 'origin', 'https://deploy:s3cr3t-token@git.example.com/acme/support-bot.git']);
  return { dir, parent };
}

function at(iso: string, by: string): Actor {
  return { by, now: new Date(iso) };
}

function buildSampleAssessment(checklist: Checklist, scan: ScanResult): Assessment {
  const lead = 'Dana Reviewer';
  const sec = 'Sam Security';
  let a = createAssessment({
    name: 'support-bot-launch',
    id: '3f0c9a52-7d1e-4b8a-9c61-2a5e0d4b7f10',
    repository: { root: '.', remote: 'https://deploy:s3cr3t-token@git.example.com/acme/support-bot.git', branch: 'main' },
    checklist,
    checklistSource: 'ai-production-readiness',
    scope: { tier: 'customer-facing', data: ['personal'], ai: true, frameworks: ['soc2', 'owasp-llm'] },
    assessor: lead,
    now: new Date('2025-05-28T09:00:00.000Z'),
  });
  const proposals = proposeAll(checklist.questions, scan.signals);
  // Pre-fill everything detection could say, as a non-interactive start would.
  for (const [id, p] of [...proposals.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
    a = applyProposal(a, id, p, at('2025-05-28T09:05:00.000Z', lead));
  }
  const secretProposal = proposals.get('secrets.no-hardcoded');
  if (secretProposal) a = confirmProposal(a, 'secrets.no-hardcoded', secretProposal, at('2025-05-30T10:00:00.000Z', sec));
  if (Object.hasOwn(a.answers, 'secrets.no-hardcoded')) {
    a = setOwnerDue(a, 'secrets.no-hardcoded', { owner: 'Priya Platform', due: '2025-06-09' }, at('2025-05-30T10:01:00.000Z', sec));
    a = setNote(a, 'secrets.no-hardcoded', 'Rotate the OpenAI and Firebase keys first, then move them to the secret store.', at('2025-05-30T10:02:00.000Z', sec));
  }
  a = setAnswer(a, 'auth.required', { state: 'yes', note: 'All routes go through the gateway | default-deny; /health is public by design.' }, at('2025-05-30T10:10:00.000Z', lead));
  a = addEvidence(a, 'auth.required', { kind: 'link', url: 'https://wiki.example.com/support-bot/gateway', title: 'Gateway route policy' }, at('2025-05-30T10:11:00.000Z', lead));
  a = setAnswer(a, 'incident.runbooks', { state: 'no', note: 'No runbook yet for model-provider outages.' }, at('2025-06-02T10:20:00.000Z', lead));
  a = setOwnerDue(a, 'incident.runbooks', { owner: 'Dana Reviewer', due: '2025-06-30' }, at('2025-06-02T10:21:00.000Z', lead));
  a = setAnswer(a, 'resilience.load-tested', { state: 'partial', note: 'Load-tested the API, not the model fallback path.' }, at('2025-06-02T10:30:00.000Z', lead));
  a = grantWaiver(
    a,
    'resilience.load-tested',
    { justification: 'Launch traffic is capped at 50 beta users; full load test booked for July.', approver: 'Alex CTO', expires: '2025-07-31' },
    at('2025-06-02T10:31:00.000Z', lead),
  );
  a = setAnswer(a, 'auth.operator-mfa', { state: 'yes' }, at('2025-06-02T10:40:00.000Z', sec));
  a = addEvidence(a, 'auth.operator-mfa', { kind: 'note', text: 'SSO with enforced WebAuthn for every operator account (checked in the IdP admin console).' }, at('2025-06-02T10:41:00.000Z', sec));
  return a;
}

export interface SampleBuild {
  input: DossierInput;
  cleanup(): void;
}

export async function buildSampleInput(): Promise<SampleBuild> {
  const { dir: repo, parent } = sampleRepository();
  try {
    const checklist = shippedChecklist();
    const report = await runScan(repo, {}, { workers: 0 });
    // Timing is the only part of a scan that differs between runs.
    const scan: ScanResult = { ...report.result, root: '.', duration_ms: 0 };
    const assessment = buildSampleAssessment(checklist, scan);
    const gateRuns = [
      { at: '2025-05-30T18:00:00.000Z', passed: false, score: 5.1 },
      { at: '2025-06-02T12:00:00.000Z', passed: false, score: 7.2 },
    ];
    return { input: { assessment, checklist, scan, repoRoot: repo, now: SAMPLE_NOW, gateRuns }, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(parent, { recursive: true, force: true });
    throw error;
  }
}
