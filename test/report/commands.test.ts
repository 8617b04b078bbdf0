import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeAssessment } from '../../source/assessment/serialize.js';
import type { Assessment } from '../../source/assessment/model.js';
import type { CommandIO } from '../../source/runtime/io.js';
import { runDiffCommand } from '../../source/commands/diff.js';
import { runReportCommand } from '../../source/commands/report.js';
import { runVerifyCommand } from '../../source/commands/verify.js';
import { checklistRef } from '../../source/assessment/create.js';
import { answer, baseAssessment, fileEvidence, NOW } from './helpers.js';
import { shippedChecklist } from './sample-input.js';

function io(cwd: string): CommandIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  return { stdout, stderr, cwd, env: {}, stdinIsTTY: false, out: () => o, err: () => e };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const checklist = shippedChecklist();
const SRC = 'const key = process.env.KEY;\n';

function repoWithAssessment(mutate: (a: Assessment) => void = () => undefined, name = 'launch'): { repo: string; file: string } {
  const repo = mkdtempSync(path.join(tmpdir(), 'shipshape-cmd-'));
  mkdirSync(path.join(repo, '.shipshape'), { recursive: true });
  mkdirSync(path.join(repo, 'src'), { recursive: true });
  writeFileSync(path.join(repo, 'src/key.ts'), SRC);
  dirs.push(repo);
  const a = { ...baseAssessment(checklist), name, checklist: checklistRef(checklist, 'ai-production-readiness') };
  a.answers['secrets.no-hardcoded'] = answer('yes', { evidence: [fileEvidence('src/key.ts', SRC)] });
  a.answers['auth.required'] = answer('no');
  mutate(a);
  const file = path.join(repo, '.shipshape', `${name}.json`);
  writeFileSync(file, serializeAssessment(a));
  return { repo, file };
}

const noScan = { scan: async () => null, now: () => NOW };

describe('report command', () => {
  it('writes the dossier next to the most recent assessment and prints its path; verify then passes', async () => {
    const { repo } = repoWithAssessment();
    const t = io(repo);
    expect(await runReportCommand(undefined, {}, t, noScan)).toBe(0);
    const out = t.out().trim();
    expect(out).toBe(path.join('.shipshape', 'launch.dossier.md'));
    const md = readFileSync(path.join(repo, out), 'utf8');
    expect(md).toContain('`src/key.ts`');

    const v = io(repo);
    expect(await runVerifyCommand(out, {}, v)).toBe(0);
    expect(v.out()).toContain('Verified');

    writeFileSync(path.join(repo, 'src/key.ts'), 'const key = "sk-live";\n');
    const v2 = io(repo);
    expect(await runVerifyCommand(out, {}, v2)).toBe(1);
    expect(v2.out()).toMatch(/CHANGED\s+src\/key\.ts/);
  });

  it('prints JSON and SARIF to stdout with -o -', async () => {
    const { repo } = repoWithAssessment();
    for (const format of ['json', 'sarif']) {
      const t = io(repo);
      expect(await runReportCommand(undefined, { format, output: '-' }, t, noScan)).toBe(0);
      expect(() => JSON.parse(t.out()) as unknown).not.toThrow();
    }
  });

  it('names the file and line of a broken template (exit 2)', async () => {
    const { repo } = repoWithAssessment();
    writeFileSync(path.join(repo, 'bad.hbs'), '# ok\n\n{{#each sections}}\n');
    const t = io(repo);
    expect(await runReportCommand(undefined, { template: 'bad.hbs', output: '-' }, t, noScan)).toBe(2);
    expect(t.err()).toMatch(/bad\.hbs:\d+/);
  });

  it('explains a missing or broken assessment without a stack trace', async () => {
    const { repo, file } = repoWithAssessment();
    writeFileSync(file, '{ "broken": ');
    const t = io(repo);
    expect(await runReportCommand(undefined, {}, t, noScan)).toBe(2);
    expect(t.err()).toContain('launch.json');
    expect(t.err()).not.toMatch(/\n\s+at /);
  });
});

describe('verify command', () => {
  it('exits 2 for a file that is not a dossier or cannot be read', async () => {
    const { repo } = repoWithAssessment();
    writeFileSync(path.join(repo, 'notes.md'), '# notes\n');
    expect(await runVerifyCommand('notes.md', {}, io(repo))).toBe(2);
    expect(await runVerifyCommand('absent.md', {}, io(repo))).toBe(2);
  });
});

describe('diff command', () => {
  it('lists improvements, regressions and the score change', async () => {
    const before = repoWithAssessment(undefined, 'before');
    const after = repoWithAssessment((a) => {
      a.answers['auth.required'] = answer('yes');
      a.answers['secrets.no-hardcoded'] = answer('no');
    }, 'after');
    const t = io(before.repo);
    expect(await runDiffCommand(before.file, after.file, { format: 'json' }, t, { now: () => NOW })).toBe(0);
    const d = JSON.parse(t.out()) as { improved: { id: string }[]; regressed: { id: string }[]; score_change: number | null };
    expect(d.improved.map((q) => q.id)).toEqual(['auth.required']);
    expect(d.regressed.map((q) => q.id)).toEqual(['secrets.no-hardcoded']);
    expect(d.score_change).not.toBeNull();

    const m = io(before.repo);
    expect(await runDiffCommand(before.file, after.file, {}, m, { now: () => NOW })).toBe(0);
    expect(m.out()).toContain('## Regressed (1)');
    expect(m.out()).toContain('## Improved (1)');

    // The sections that moved, as a before/after bar pair each: the auth section gained a yes, secrets lost its proposal to a gap.
    const sections = (JSON.parse(t.out()) as { sections: { id: string; direction: string; before: { counts: Record<string, number> }; after: { counts: Record<string, number> } }[] }).sections;
    const byId = new Map(sections.map((s) => [s.id, s]));
    expect(byId.get('auth')?.direction).toBe('improved');
    expect((byId.get('auth')?.after.counts.yes ?? 0) - (byId.get('auth')?.before.counts.yes ?? 0)).toBe(1);
    expect(byId.get('secrets')?.direction).toBe('regressed');
    expect(byId.get('secrets')?.after.counts.gap).toBe((byId.get('secrets')?.before.counts.gap ?? 0) + 1);
    expect(sections[0]?.direction).toBe('regressed');
    const md = m.out();
    expect(md).toContain(`## Sections that moved (${sections.length})`);
    expect(md).toMatch(/▼ regressed {2}Secrets management {2}\(/);
    expect(md).toMatch(/\n {2}before {2}\S+.*\n {2}after {3}\S+/);
    expect(md.match(/^```mermaid$/gm)).toHaveLength(1);
    // The title carries the legend (GitHub draws none) and must fit the chart's 900 px: about 90 characters, as the dossier's does.
    expect(/^ {2}title "(.*)"$/m.exec(md)?.[1]?.length ?? 999).toBeLessThanOrEqual(90);
    // A long section title is cut in the chart, never the words that tell its two bars apart.
    const axis = /^ {2}x-axis \[(.*)\]$/m.exec(md)?.[1] ?? '';
    expect(axis).toMatch(/"Authentication & authoriz\S* \(before\) \(\d+\)", "Authentication & authoriz\S* \(after\) \(\d+\)"/);
  });
});
