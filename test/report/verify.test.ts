import { rmSync, symlinkSync, unlinkSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Assessment } from '../../source/assessment/model.js';
import { renderDossierMarkdown } from '../../source/report/index.js';
import { canonicalBody, parseDossier } from '../../source/report/integrity.js';
import { verifyDossierText } from '../../source/report/verify.js';
import { answer, baseAssessment, fileEvidence, NOW, sha, smallChecklist, tempRepo } from './helpers.js';

const FILES = { 'src/auth.ts': 'export const auth = true;\n', 'src/ops.ts': 'export const ops = 1;\n', 'README.md': '# hi\n' };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(extraEvidence: Parameters<typeof fileEvidence>[] = []): { repo: string; md: string } {
  const repo = tempRepo(FILES);
  dirs.push(repo);
  const checklist = smallChecklist();
  const a: Assessment = baseAssessment(checklist);
  a.answers['auth.a'] = answer('yes', { evidence: [fileEvidence('src/auth.ts', FILES['src/auth.ts'], 1, 'export const auth = true;')] });
  a.answers['ops.c'] = answer('partial', { evidence: [fileEvidence('src/ops.ts', FILES['src/ops.ts']), fileEvidence('README.md', FILES['README.md']), ...extraEvidence.map((args) => fileEvidence(...args))] });
  return { repo, md: renderDossierMarkdown({ assessment: a, checklist, scan: null, repoRoot: repo, now: NOW }) };
}

describe('verify', () => {
  it('passes on an untouched dossier and repository', async () => {
    const { repo, md } = setup();
    const r = await verifyDossierText(md, repo);
    expect(r.kind).toBe('checked');
    if (r.kind !== 'checked') return;
    expect(r.ok).toBe(true);
    expect(r.textIntact).toBe(true);
    expect(r.evidence.map((e) => [e.path, e.status])).toEqual([
      ['README.md', 'unchanged'],
      ['src/auth.ts', 'unchanged'],
      ['src/ops.ts', 'unchanged'],
    ]);
  });

  it('survives CRLF line endings and trailing whitespace (what git and editors do on their own)', async () => {
    const { repo, md } = setup();
    const r = await verifyDossierText(md.replace(/\n/g, '  \r\n'), repo);
    expect(r.kind === 'checked' && r.ok).toBe(true);
  });

  it('detects a changed and a deleted evidence file', async () => {
    const { repo, md } = setup();
    writeFileSync(path.join(repo, 'src/auth.ts'), 'export const auth = false;\n');
    unlinkSync(path.join(repo, 'README.md'));
    const r = await verifyDossierText(md, repo);
    if (r.kind !== 'checked') throw new Error('not checked');
    expect(r.ok).toBe(false);
    expect(r.textIntact).toBe(true);
    const by = Object.fromEntries(r.evidence.map((e) => [e.path, e.status]));
    expect(by).toEqual({ 'README.md': 'missing', 'src/auth.ts': 'changed', 'src/ops.ts': 'unchanged' });
    expect(r.evidence.find((e) => e.path === 'src/auth.ts')?.actual).toBe(sha('export const auth = false;\n'));
  });

  it('detects an edited dossier: a changed word, a changed digest in the table, text appended', async () => {
    const { repo, md } = setup();
    for (const edited of [md.replace('Small checklist', 'Smaller checklist'), md.replace(sha(FILES['src/ops.ts']), sha('forged')), `${md}\nApproved by everyone.\n`]) {
      expect(edited).not.toBe(md);
      const r = await verifyDossierText(edited, repo);
      if (r.kind !== 'checked') throw new Error('not checked');
      expect(r.textIntact).toBe(false);
      expect(r.ok).toBe(false);
    }
  });

  it('refuses paths that leave the repository, and symlinks that lead out', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'shipshape-outside-'));
    dirs.push(outside);
    writeFileSync(path.join(outside, 'secret.txt'), 'outside\n');
    const { repo, md } = setup([
      ['../outside.txt', 'x'],
      ['/etc/passwd', 'x'],
      ['link/secret.txt', 'outside\n'],
    ]);
    mkdirSync(path.join(repo, 'sub'));
    symlinkSync(outside, path.join(repo, 'link'));
    const r = await verifyDossierText(md, repo);
    if (r.kind !== 'checked') throw new Error('not checked');
    const by = Object.fromEntries(r.evidence.map((e) => [e.path, e.status]));
    expect(by['../outside.txt']).toBe('invalid');
    expect(by['/etc/passwd']).toBe('invalid');
    expect(by['link/secret.txt']).toBe('invalid');
    expect(r.ok).toBe(false);
  });

  it('says when a file is not a dossier', async () => {
    expect((await verifyDossierText('# just notes\n', '/tmp')).kind).toBe('not-a-dossier');
    const { md } = setup();
    const broken = md.replace(/<!-- shipshape-integrity\n\{/, '<!-- shipshape-integrity\n{oops');
    expect((await verifyDossierText(broken, '/tmp')).kind).toBe('not-a-dossier');
  });

  it('canonicalises exactly as documented', () => {
    expect(canonicalBody('\uFEFFa  \r\nb\t\rc\n\n\n')).toBe('a\nb\nc\n');
    const { md } = setup();
    const parsed = parseDossier(md);
    expect(parsed.ok && parsed.claimedDigest === parsed.actualDigest).toBe(true);
  });
});
