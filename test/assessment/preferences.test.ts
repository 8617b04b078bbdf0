import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, Preferences, withRecent, type RecentAssessment } from '../../source/assessment/preferences.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-prefs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const recent = (path: string, n = 0): RecentAssessment => ({
  path,
  name: `a${n}`,
  checklist: 'ai-production-readiness@1.0.0',
  updated_at: new Date(Date.UTC(2025, 5, 1, 0, n)).toISOString(),
  progress: 50,
  verdict: 'not ready',
});

function open(gitUserName: () => string | null = () => 'Git User') {
  return Preferences.open({ cwd: dir, gitUserName });
}

describe('preferences', () => {
  it('falls back to git config user.name, asking git only once', () => {
    let calls = 0;
    const prefs = open(() => {
      calls++;
      return '  Grace Hopper \n';
    });
    expect(prefs.userName()).toBe('Grace Hopper');
    expect(prefs.userName()).toBe('Grace Hopper');
    expect(calls).toBe(1);
  });

  it('a stored name wins and git is not asked', () => {
    open().setUserName('Ada');
    let asked = false;
    const prefs = open(() => {
      asked = true;
      return 'x';
    });
    expect(prefs.userName()).toBe('Ada');
    expect(asked).toBe(false);
  });

  it('no name anywhere, or git failing, gives null', () => {
    expect(open(() => null).userName()).toBeNull();
    expect(
      open(() => {
        throw new Error('git not installed');
      }).userName(),
    ).toBeNull();
  });

  it('persists default checklist and gate threshold across opens, in the given directory', async () => {
    const prefs = open();
    expect(prefs.gateThreshold()).toBe('blocker');
    expect(prefs.defaultChecklist()).toBeNull();
    prefs.setDefaultChecklist('checklists/team.yaml');
    prefs.setGateThreshold('high');
    expect(prefs.path).toBe(join(dir, 'config.json'));
    const again = open();
    expect(again.defaultChecklist()).toBe('checklists/team.yaml');
    expect(again.gateThreshold()).toBe('high');
    expect(() => again.setGateThreshold('low' as never)).toThrow();
    // Dotted values are stored as plain keys, not split into paths.
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toMatchObject({ defaultChecklist: 'checklists/team.yaml' });
  });

  it('keeps recent assessments most recent first, de-duplicated by path, capped', () => {
    const prefs = open();
    for (let i = 0; i < MAX_RECENT + 5; i++) prefs.addRecent(recent(`/repo${i}/.shipshape/a.json`, i));
    prefs.addRecent({ ...recent('/repo3/.shipshape/a.json', 99), progress: 80 });
    const list = open().recent();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toMatchObject({ path: '/repo3/.shipshape/a.json', progress: 80 });
    expect(list.filter((r) => r.path === '/repo3/.shipshape/a.json')).toHaveLength(1);
    expect(list[1]?.path).toBe(`/repo${MAX_RECENT + 4}/.shipshape/a.json`);
    prefs.removeRecent('/repo3/.shipshape/a.json');
    expect(open().recent().some((r) => r.path === '/repo3/.shipshape/a.json')).toBe(false);
  });

  it('withRecent is pure', () => {
    const list = [recent('/a'), recent('/b')];
    expect(withRecent(list, recent('/b', 1)).map((r) => r.path)).toEqual(['/b', '/a']);
    expect(list.map((r) => r.path)).toEqual(['/a', '/b']);
  });

  it('drops invalid fields of a hand-edited file but keeps the valid ones', async () => {
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ userName: 42, gateThreshold: 'high', recent: [recent('/ok'), { path: 5 }, recent('/ok'), 'junk'] }),
    );
    const prefs = open(() => null);
    expect(prefs.userName()).toBeNull();
    expect(prefs.gateThreshold()).toBe('high');
    expect(prefs.recent().map((r) => r.path)).toEqual(['/ok']);
  });

  it('resets a corrupt file instead of failing', async () => {
    await writeFile(join(dir, 'config.json'), '{ not json');
    const prefs = open();
    expect(prefs.recent()).toEqual([]);
    prefs.setUserName('Ada');
    expect(open().userName()).toBe('Ada');
  });

  it('degrades to in-memory preferences with a warning when the directory is unusable', async () => {
    // A path below a regular file cannot be created, even by root.
    await writeFile(join(dir, 'file'), '');
    const prefs = Preferences.open({ cwd: join(dir, 'file', 'sub'), gitUserName: () => null });
    prefs.setUserName('Ada');
    expect(prefs.userName()).toBe('Ada');
    expect(prefs.warnings.length).toBeGreaterThan(0);
  });
});
