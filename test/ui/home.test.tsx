import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { describe, expect, it, vi } from 'vitest';
import { HomeApp } from '../../source/ui/home/home-app.js';
import { tick } from '../helpers/keys.js';
import { homeReduce, initHomeState, type RecentRow } from '../../source/ui/home/home-state.js';

const row = (name: string, extra: Partial<RecentRow> = {}): RecentRow => ({ path: `/repo/.shipshape/${name}.json`, shown: `.shipshape/${name}.json`, name, checklist: 'ai-production-readiness@1.0.0', progress: 42, updatedAt: '2025-06-01T10:00:00.000Z', verdict: 'not ready', local: true, ...extra });
const settings = { userName: 'Ann', defaultChecklist: '', gateThreshold: 'blocker' as const };

describe('home reducer', () => {
  it('starts on the most recent local assessment and resolves start, resume, preview, export and quit', () => {
    const s = initHomeState([row('a'), row('b')], settings);
    expect(s.cursor).toBe(1);
    expect(homeReduce(s, { type: 'activate' }).result).toEqual({ kind: 'resume', path: '/repo/.shipshape/a.json', landing: 'question' });
    expect(homeReduce(s, { type: 'open', landing: 'export' }).result).toMatchObject({ landing: 'export' });
    expect(homeReduce(homeReduce(s, { type: 'move-to', where: 'first' }), { type: 'activate' }).result).toEqual({ kind: 'start' });
    expect(homeReduce(s, { type: 'quit' }).result).toEqual({ kind: 'quit' });
    expect(homeReduce(s, { type: 'move', delta: -9 }).cursor).toBe(0);
    expect(homeReduce(s, { type: 'move', delta: 9 }).cursor).toBe(3);
  });

  it('will not open an unreadable assessment, and says why', () => {
    const s = initHomeState([row('bad', { problem: 'not JSON' })], settings);
    const next = homeReduce(homeReduce(s, { type: 'move', delta: 1 }), { type: 'activate' });
    expect(next.result).toBeNull();
    expect(next.message).toContain('not JSON');
  });

  it('edits settings and validates the gate threshold', () => {
    let s = homeReduce(homeReduce(initHomeState([], settings), { type: 'move-to', where: 'last' }), { type: 'activate' });
    expect(s.form?.fields.map((f) => f.value)).toEqual(['Ann', '', 'blocker']);
    s = homeReduce(s, { type: 'field-input', text: 'e' });
    s = homeReduce(s, { type: 'form-focus', delta: -1 });
    s = homeReduce(s, { type: 'field-edit', op: 'backspace' });
    s = homeReduce(s, { type: 'field-input', text: 'x' });
    s = homeReduce(s, { type: 'form-submit' });
    expect(s.form?.error).toContain('blocker, high or medium');
    for (let i = 0; i < 'blockex'.length; i++) s = homeReduce(s, { type: 'field-edit', op: 'backspace' });
    for (const ch of 'high') s = homeReduce(s, { type: 'field-input', text: ch });
    s = homeReduce(s, { type: 'form-submit' });
    expect(s.form).toBeNull();
    expect(s.pendingSettings).toEqual({ userName: 'Anne', defaultChecklist: '', gateThreshold: 'high' });
    expect(homeReduce(s, { type: 'settings-saved' }).pendingSettings).toBeNull();
    expect(homeReduce(homeReduce(s, { type: 'toggle-help' }), { type: 'form-cancel' }).help.open).toBe(true);
  });
});

describe('home screen', () => {
  it('says which other repository a remembered assessment belongs to, before anything else is cut', async () => {
    const other = row('review', { local: false, path: '/home/ann/other/.shipshape/review.json', shown: '~/other' });
    const app = render(<HomeApp initial={initHomeState([row('launch'), other], settings)} repoLabel="repo" color={false} saveSettings={vi.fn()} onDone={vi.fn()} />);
    await vi.waitFor(() => expect(stripAnsi(app.lastFrame() ?? '')).toContain('↺ review  other repo: ~/other'));
    expect(stripAnsi(app.lastFrame() ?? '')).not.toMatch(/↺ launch {2}other repo/);
    app.unmount();
  });

  it('lists start, the recent assessments with progress and verdict, and settings; Enter resumes', async () => {
    const onDone = vi.fn();
    const saveSettings = vi.fn();
    const app = render(<HomeApp initial={initHomeState([row('launch')], settings)} repoLabel="repo" color={false} saveSettings={saveSettings} onDone={onDone} />);
    await vi.waitFor(() => expect(stripAnsi(app.lastFrame() ?? '')).toContain('↺ launch'));
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f).toContain('+ Start a new assessment');
    expect(f).toContain('42%');
    expect(f).toContain('✘ not ready');
    expect(f).toContain('⚙ Settings');
    app.stdin.write('e');
    await tick();
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledWith({ kind: 'resume', path: '/repo/.shipshape/launch.json', landing: 'export' }));
    app.unmount();
  });

  it('settings are saved through the injected function', async () => {
    const saveSettings = vi.fn();
    const app = render(<HomeApp initial={initHomeState([], settings)} repoLabel="repo" color={false} saveSettings={saveSettings} onDone={vi.fn()} />);
    await vi.waitFor(() => expect(stripAnsi(app.lastFrame() ?? '')).toContain('Settings'));
    app.stdin.write('G');
    await tick();
    app.stdin.write('\r');
    await tick();
    await vi.waitFor(() => expect(stripAnsi(app.lastFrame() ?? '')).toMatch(/▸ Your name: +Ann/));
    for (const k of ['\r', '\r', '\r']) {
      app.stdin.write(k);
      await tick();
      await tick();
    }
    await vi.waitFor(() => expect(saveSettings).toHaveBeenCalledWith(settings));
    app.unmount();
  });
});
