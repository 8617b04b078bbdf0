import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addEvidence, confirmProposal, grantWaiver, setAnswer, setOwnerDue } from '../../source/assessment/answers.js';
import { AssessmentFileError } from '../../source/assessment/errors.js';
import { findAssessmentFiles, isAssessmentFileName } from '../../source/assessment/files.js';
import { SCHEMA_VERSION, type Assessment } from '../../source/assessment/model.js';
import { proposeAnswer } from '../../source/assessment/propose.js';
import { MAX_SAVE_RECORDS, recordSave } from '../../source/assessment/saves.js';
import { serializeAssessment } from '../../source/assessment/serialize.js';
import { backupPathFor, defaultAssessmentPath, loadAssessment, openAssessment, saveAssessment, saveConflictCopy } from '../../source/assessment/store.js';
import { NOW, alice, assessment, bob, checklist, evidence, question, signal, signals } from '../helpers/builders.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mfa = question('auth.mfa', { signals: [{ id: 'auth.library' }], severity: 'blocker' });
const list = checklist([mfa, question('secrets.rotation'), question('zeta.last'), question('alpha.first')]);

function rich(): Assessment {
  let a = assessment(list);
  a = setAnswer(a, 'zeta.last', { state: 'no', note: 'later' }, alice);
  a = setOwnerDue(a, 'zeta.last', { owner: 'Dana', due: '2025-07-01' }, alice);
  a = grantWaiver(a, 'zeta.last', { justification: 'launch first', approver: 'CISO', expires: '2025-09-01' }, bob);
  a = confirmProposal(a, 'auth.mfa', proposeAnswer(mfa, signals(signal('auth.library', 'pass', { evidence: [evidence('src/auth.ts', 'c', 3)] })))!, bob);
  a = setAnswer(a, 'alpha.first', { state: 'yes' }, alice);
  a = addEvidence(a, 'alpha.first', { kind: 'link', url: 'https://wiki/runbook', title: 'Runbook' }, alice);
  return recordSave(a, { commit: 'abc123', dirty: true, at: NOW, by: 'Alice' });
}

async function expectRefused(promise: Promise<unknown>, problem: string): Promise<AssessmentFileError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssessmentFileError);
  expect((error as AssessmentFileError).problem).toBe(problem);
  return error as AssessmentFileError;
}

describe('store', () => {
  it('default path is <repo>/.shipshape/<name>.json and the name must be file-safe', () => {
    expect(defaultAssessmentPath('/repo', 'launch')).toBe(join('/repo', '.shipshape', 'launch.json'));
    expect(() => defaultAssessmentPath('/repo', '../escape')).toThrow(/assessment name/);
    expect(() => defaultAssessmentPath('/repo', 'a/b')).toThrow(/assessment name/);
  });

  it('round-trips an assessment exactly, as stable, reviewable JSON', async () => {
    const file = defaultAssessmentPath(dir, 'launch');
    const a = rich();
    await saveAssessment(file, a);
    const loaded = await loadAssessment(file);
    expect(loaded.assessment).toEqual(a);
    expect(loaded.fileVersion).toBe(SCHEMA_VERSION);

    const text = await readFile(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe(`  "schema_version": ${SCHEMA_VERSION},`);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'schema_version', 'id', 'name', 'created_at', 'updated_at', 'repository', 'checklist', 'scope', 'assessors', 'answers', 'cleared', 'saves',
    ]);
    expect(Object.keys((JSON.parse(text) as Assessment).answers)).toEqual(['alpha.first', 'auth.mfa', 'zeta.last']);
    // Same assessment, same bytes, whatever order the object was built in.
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as Assessment;
    expect(serializeAssessment(reordered)).toBe(text);
    await saveAssessment(file, loaded.assessment);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('migrates version 1 on load, writes the current version on the next save only, and keeps a one-time backup', async () => {
    const file = join(dir, 'old.json');
    const v1 = {
      schema_version: 1,
      id: 'legacy-1',
      name: 'old',
      created_at: '2024-01-01T00:00:00.000Z',
      updated_at: '2024-02-01T00:00:00.000Z',
      repository: { root: '.', remote: null, branch: 'main' },
      checklist: { id: 'test-checklist', version: '0.9.0', hash: 'f'.repeat(64), source: null },
      scope: { tier: 'internal', data: [], ai: false, frameworks: [] },
      assessor: 'Carol',
      answers: [
        { question: 'auth.mfa', state: 'yes', source: 'confirmed', evidence: [{ path: 'src/auth.ts', line: 3, sha256: 'c'.repeat(64) }], answered_by: 'Carol', answered_at: '2024-01-02T00:00:00.000Z' },
        { question: 'zeta.last', state: 'no', source: 'human', answered_by: 'Carol', answered_at: '2024-01-03T00:00:00.000Z', owner: 'Dana', due: '2024-03-01',
          waiver: { justification: 'legacy', approver: 'CISO', expires: '2024-06-30', granted_at: '2024-01-03T00:00:00.000Z' } },
      ],
    };
    const original = `${JSON.stringify(v1, null, 2)}\n`;
    await writeFile(file, original);

    const loaded = await loadAssessment(file);
    expect(loaded.fileVersion).toBe(1);
    const a = loaded.assessment;
    expect(a.schema_version).toBe(SCHEMA_VERSION);
    expect(a.assessors).toEqual(['Carol']);
    expect(Object.keys(a.answers)).toEqual(['auth.mfa', 'zeta.last']);
    expect(a.answers['auth.mfa']?.evidence).toEqual([{ kind: 'detected', path: 'src/auth.ts', line: 3, sha256: 'c'.repeat(64) }]);
    expect(a.answers['zeta.last']?.waiver?.granted_by).toBe('Carol');
    expect(a.answers['zeta.last']?.history).toEqual([]);
    expect(a.checklist.question_ids).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe(original); // loading never writes
    expect(await readdir(dir)).toEqual(['old.json']);

    const session = await openAssessment(file);
    expect(session.fileVersion).toBe(1);
    await session.save(setAnswer(session.assessment, 'secrets.rotation', { state: 'yes' }, alice));
    expect(await readFile(backupPathFor(file, 1), 'utf8')).toBe(original);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as Assessment;
    expect(onDisk.schema_version).toBe(SCHEMA_VERSION);
    expect(onDisk.answers['secrets.rotation']?.state).toBe('yes');
    await session.save(setAnswer(session.assessment, 'secrets.rotation', { state: 'no' }, alice));
    await session.close();
    expect(await readFile(backupPathFor(file, 1), 'utf8')).toBe(original);
    expect((await readdir(dir)).sort()).toEqual(['old.json', 'old.json.v1.bak']);
  });

  it('reads a version 2 file as it is, and writes version 3 (with a backup) only on the next save', async () => {
    const file = join(dir, 'v2.json');
    const current = JSON.parse(serializeAssessment(rich())) as Record<string, unknown>;
    const original = `${JSON.stringify({ ...current, schema_version: 2 }, null, 2)}\n`;
    await writeFile(file, original);
    const loaded = await loadAssessment(file);
    expect(loaded.fileVersion).toBe(2);
    expect(loaded.assessment.schema_version).toBe(3);
    expect(loaded.assessment.answers).toEqual(rich().answers);
    const session = await openAssessment(file);
    await session.save(setAnswer(session.assessment, 'secrets.rotation', { state: 'yes' }, alice));
    await session.close();
    expect(await readFile(backupPathFor(file, 2), 'utf8')).toBe(original);
    expect((JSON.parse(await readFile(file, 'utf8')) as Assessment).schema_version).toBe(3);
  });

  const valid = serializeAssessment(rich());
  type Raw = { answers: Record<string, Record<string, unknown>> };
  const mutate = (change: (a: Raw) => void) => {
    const raw = JSON.parse(valid) as Raw;
    change(raw);
    return JSON.stringify(raw, null, 2);
  };
  const broken: [string, string, string, RegExp][] = [
    ['corrupt JSON', '{"schema_version": 2, "id": oops}', 'not-json', /not valid JSON/],
    ['a merge conflict', valid.replace('"name": "launch",', '<<<<<<< HEAD\n"name": "launch",\n=======\n"name": "x",\n>>>>>>> b\n'), 'not-json', /line 4, column 3/],
    ['a truncated file', valid.slice(0, Math.floor(valid.length / 2)), 'truncated', /truncated/],
    ['an empty file', '', 'empty', /empty/],
    ['an array', '[]', 'invalid', /expected a JSON object/],
    ['no schema version', '{"id": "x"}', 'invalid', /schema_version: missing/],
    ['a newer schema version', valid.replace(`"schema_version": ${SCHEMA_VERSION}`, `"schema_version": ${SCHEMA_VERSION + 1}`), 'too-new', new RegExp(`newer shipshape \\(schema version ${SCHEMA_VERSION + 1}; this version reads up to ${SCHEMA_VERSION}\\)`)],
    ['a wrong answer state', mutate((a) => (a.answers['auth.mfa']!.state = 'maybe')), 'invalid', /answers\["auth\.mfa"\]\.state: expected one of yes, partial, no, n\/a, unknown/],
    ['a waiver on a yes', mutate((a) => (a.answers['zeta.last']!.state = 'yes')), 'invalid', /answers\["zeta\.last"\]\.waiver: a waiver is only valid on a gap/],
    ['a missing field', valid.replace(/"answered_by": "Alice",\n/, ''), 'invalid', /answered_by: missing \(expected string\)/],
    ['an unknown field', valid.replace('"name": "launch",', '"name": "launch", "extra": 1,'), 'invalid', /\(top level\): unknown field "extra"/],
    ['a bad evidence kind', valid.replace('"kind": "link"', '"kind": "rumour"'), 'invalid', /evidence\[0\]\.kind: expected one of detected, link, note/],
    ['a bad date', valid.replace('"due": "2025-07-01"', '"due": "July"'), 'invalid', /due: expected a date like 2025-06-30/],
    ['a hostile key', valid.replace('"answers": {', '"answers": {\n"\\u001b[2Jevil": {},'), 'invalid', /this key is not a question id/],
    ['absurdly deep nesting', `{"schema_version":2,"answers":{"a.b":${'['.repeat(20000)}${']'.repeat(20000)}}}`, 'invalid', /nested too deeply/],
    ['a __proto__ key', valid.replace('"answers": {', '"answers": {\n"__proto__": {"state": "yes"},'), 'invalid', /__proto__/],
  ];

  it.each(broken)('refuses %s, explains it, and never overwrites it', async (_what, content, problem, message) => {
    const file = join(dir, 'broken.json');
    await writeFile(file, content);
    const before = await readFile(file);
    const mtime = (await stat(file)).mtimeMs;

    const error = await expectRefused(loadAssessment(file), problem);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(file);
    expect(error.message).not.toContain('\u001b');
    expect(error.file).toBe(file);
    expect(error.hint.length).toBeGreaterThan(10);

    const saveError = await expectRefused(saveAssessment(file, rich()), problem);
    expect(saveError.message).toContain('refusing to overwrite');
    await expectRefused(openAssessment(file, { create: rich() }), problem);

    expect(await readFile(file)).toEqual(before);
    expect((await stat(file)).mtimeMs).toBe(mtime);
    expect(await readdir(dir)).toEqual(['broken.json']); // no temp file, no lock left behind
  });

  it('refuses to overwrite another assessment at the same path', async () => {
    const file = join(dir, 'a.json');
    await saveAssessment(file, rich());
    const before = await readFile(file);
    await expectRefused(saveAssessment(file, { ...rich(), id: 'someone-else' }), 'different-assessment');
    expect(await readFile(file)).toEqual(before);
  });

  it('reports a missing file clearly', async () => {
    const error = await expectRefused(loadAssessment(join(dir, 'nope.json')), 'unreadable');
    expect(error.message).toMatch(/no assessment file here/);
  });

  it('opening a file whose folder does not exist says there is no assessment, not a lock error', async () => {
    const file = join(dir, 'no-such-folder', 'a.json');
    const error = await expectRefused(openAssessment(file), 'unreadable');
    expect(error.message).toMatch(/no assessment file here/);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('a session refuses to save over a file changed behind its back', async () => {
    const file = join(dir, 'a.json');
    await saveAssessment(file, rich());
    const session = await openAssessment(file);
    const edited = (await readFile(file, 'utf8')).replace('"note": "later"', '"note": "edited by hand"');
    await writeFile(file, edited);
    await expectRefused(session.save(setAnswer(session.assessment, 'secrets.rotation', { state: 'yes' }, alice)), 'changed-on-disk');
    expect(await readFile(file, 'utf8')).toBe(edited);
    await session.close();
  });

  it('a session creates the file on first save, records saves, and queues concurrent saves', async () => {
    const file = defaultAssessmentPath(dir, 'fresh');
    const session = await openAssessment(file, { create: assessment(list) });
    expect(session.fileVersion).toBeNull();
    const a1 = setAnswer(session.assessment, 'auth.mfa', { state: 'yes' }, alice);
    const a2 = setAnswer(a1, 'zeta.last', { state: 'no' }, alice);
    const info = { commit: 'c1', dirty: false, at: NOW };
    const [, saved2] = await Promise.all([session.save(a1, info), session.save(a2, info)]);
    expect(saved2.answers['zeta.last']?.state).toBe('no');
    expect((await loadAssessment(file)).assessment.answers['zeta.last']?.state).toBe('no');
    await session.close();
    expect(await readdir(join(dir, '.shipshape'))).toEqual(['fresh.json']); // lock released
  });

  it('a session knows when its newest state is not on disk: unsaved and flush say so until a later save succeeds', async () => {
    const file = join(dir, 'a.json');
    await saveAssessment(file, rich());
    const session = await openAssessment(file);
    expect(session.unsaved).toBeNull();
    const mine = setAnswer(session.assessment, 'secrets.rotation', { state: 'yes' }, alice);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"note": "later"', '"note": "edited by hand"'));
    await expectRefused(session.save(mine, { commit: 'c1', dirty: false, at: NOW, by: 'Alice' }), 'changed-on-disk');
    // The state that did not make it, whole (with its save record), and the reason.
    expect(session.unsaved?.assessment.answers['secrets.rotation']?.state).toBe('yes');
    expect(session.unsaved?.assessment.saves.at(-1)?.commit).toBe('c1');
    expect((session.unsaved?.error as AssessmentFileError).problem).toBe('changed-on-disk');
    await expectRefused(session.flush(), 'changed-on-disk');
    await session.close();
    expect(session.unsaved).not.toBeNull();
  });

  it('a failure is forgotten once a later save writes a newer state (each save writes the whole assessment)', async () => {
    const file = join(dir, 'a.json');
    await saveAssessment(file, rich());
    const session = await openAssessment(file);
    // Someone else's bytes under the path: the save is refused; once the original is back, the next save goes through.
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/"id": "[^"]+"/, '"id": "someone-else"'));
    await expectRefused(session.save(setAnswer(session.assessment, 'secrets.rotation', { state: 'yes' }, alice)), 'changed-on-disk');
    expect(session.unsaved).not.toBeNull();
    await writeFile(file, original);
    await session.save(setAnswer(session.assessment, 'secrets.rotation', { state: 'no' }, alice));
    expect(session.unsaved).toBeNull();
    await session.flush();
    await session.close();
  });

  it('save records are kept on what is on disk, not on the caller\'s older copy of them', async () => {
    const file = join(dir, 'a.json');
    await saveAssessment(file, assessment(list));
    const session = await openAssessment(file);
    const stale = session.assessment;
    const info = (commit: string) => ({ commit, dirty: false, at: NOW, by: 'Alice' });
    await session.save(setAnswer(stale, 'auth.mfa', { state: 'yes' }, alice), info('c1'));
    // The caller still holds the assessment from before the first save (as the wizard's state does).
    const saved = await session.save(setAnswer(setAnswer(stale, 'auth.mfa', { state: 'yes' }, alice), 'zeta.last', { state: 'no' }, alice), info('c2'));
    expect(saved.saves.map((r) => r.commit)).toEqual(['c1', 'c2']);
    await session.close();
  });

  it('a conflict copy goes beside the file as <name>.conflict-<UTC time>.json, atomically, and never over an existing file', async () => {
    const file = join(dir, 'launch.json');
    const a = rich();
    const at = new Date('2025-06-01T12:34:56.789Z');
    const first = await saveConflictCopy(file, a, at);
    expect(first).toBe(join(dir, 'launch.conflict-20250601T123456Z.json'));
    expect(await readFile(first, 'utf8')).toBe(serializeAssessment(a));
    const second = await saveConflictCopy(file, setAnswer(a, 'secrets.rotation', { state: 'no' }, alice), at);
    expect(second).toBe(join(dir, 'launch.conflict-20250601T123456Z-2.json'));
    expect(await readFile(first, 'utf8')).toBe(serializeAssessment(a));
    expect((await loadAssessment(second)).assessment.answers['secrets.rotation']?.state).toBe('no');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a conflict copy is never picked as "the most recent assessment" by itself (check, report and resume without a path)', async () => {
    const shipshape = join(dir, '.shipshape');
    const file = join(shipshape, 'launch.json');
    await saveAssessment(file, rich());
    const copy = await saveConflictCopy(file, rich(), new Date(Date.now() + 60_000));
    expect(findAssessmentFiles(dir)).toEqual([file]);
    expect(isAssessmentFileName('launch.conflict-20250601T123456Z-2.json')).toBe(false);
    expect(isAssessmentFileName('conflict-plan.json')).toBe(true);
    expect(copy.startsWith(shipshape)).toBe(true);
  });

  it('a conflict copy whose folder cannot take it goes to the temp folder instead', async () => {
    const gone = join(dir, 'removed', 'launch.json');
    const copy = await saveConflictCopy(gone, rich(), new Date('2025-06-01T12:34:56.789Z'));
    try {
      expect(copy.startsWith(tmpdir())).toBe(true);
      expect(copy).toMatch(/launch\.conflict-20250601T123456Z(-\d+)?\.json$/);
      expect((await loadAssessment(copy)).assessment.id).toBe(rich().id);
    } finally {
      await rm(copy, { force: true });
    }
  });

  it('removes temp files left by a dead writer when opening', async () => {
    const file = join(dir, 'a.json');
    await saveAssessment(file, rich());
    const leftover = join(dir, '.a.json.999999999.0123456789ab.tmp');
    await writeFile(leftover, '{"half": ');
    const session = await openAssessment(file);
    await session.close();
    expect(await readdir(dir)).toEqual(['a.json']);
  });
});

describe('save record', () => {
  const base = assessment(list);
  it('folds consecutive saves at the same commit and dirty flag', () => {
    let a = recordSave(base, { commit: 'c1', dirty: false, at: new Date('2025-06-15T10:00:00Z') });
    a = recordSave(a, { commit: 'c1', dirty: false, at: new Date('2025-06-15T11:00:00Z') });
    a = recordSave(a, { commit: 'c1', dirty: true, at: new Date('2025-06-15T12:00:00Z') });
    expect(a.saves).toEqual([
      { commit: 'c1', dirty: false, first_at: '2025-06-15T10:00:00.000Z', last_at: '2025-06-15T11:00:00.000Z', count: 2 },
      { commit: 'c1', dirty: true, first_at: '2025-06-15T12:00:00.000Z', last_at: '2025-06-15T12:00:00.000Z', count: 1 },
    ]);
  });

  it(`keeps the last ${MAX_SAVE_RECORDS} entries`, () => {
    let a = base;
    for (let i = 0; i < MAX_SAVE_RECORDS + 7; i++) a = recordSave(a, { commit: `c${i}`, dirty: false, at: NOW });
    expect(a.saves).toHaveLength(MAX_SAVE_RECORDS);
    expect(a.saves[0]?.commit).toBe('c7');
    expect(a.saves.at(-1)?.commit).toBe(`c${MAX_SAVE_RECORDS + 6}`);
  });
});
