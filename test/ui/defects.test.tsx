import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WizardApp } from '../../source/ui/app.js';
import { HomeApp } from '../../source/ui/home/home-app.js';
import { initHomeState } from '../../source/ui/home/home-state.js';
import { reviewItems } from '../../source/ui/state/derive.js';
import type { WizardState } from '../../source/ui/state/types.js';
import { reduce } from '../../source/ui/state/wizard-state.js';
import { KEYS, tick } from '../helpers/keys.js';
import { fakeServices, NOW, readyState, run, testState, type FakeServices } from './helpers.js';

/** The defects a reviewer met in issue 14, each driven the way a person meets it. */

let current: ReturnType<typeof render> | null = null;
afterEach(() => {
  current?.unmount();
  current = null;
});

function mount(initial: WizardState, services: FakeServices = fakeServices({ scanImmediately: true })) {
  const onQuit = vi.fn();
  current = render(<WizardApp initial={initial} services={services} color={false} onQuit={onQuit} />);
  return { services, onQuit };
}
const frame = () => stripAnsi(current?.lastFrame() ?? '');
async function press(key: string) {
  current?.stdin.write(key);
  await tick();
  await tick();
}
async function see(text: string | RegExp) {
  await vi.waitFor(
    () => {
      const f = frame();
      if (typeof text === 'string' ? !f.includes(text) : !text.test(f)) throw new Error(`not on screen: ${String(text)}\n${f}`);
    },
    { timeout: 3000, interval: 10 },
  );
}

const LATER = new Date('2025-08-01T12:00:00.000Z');

/** A review whose rows depend on the date: two gaps past their due date and an expired waiver. */
function datedReview(): WizardState {
  let s = readyState();
  const gap = (id: string) => run(s, { type: 'open-question', id }, { type: 'answer', state: 'no', now: NOW });
  s = gap('secrets.rotation');
  s = run(
    s,
    { type: 'open-form', kind: 'owner-due', now: NOW },
    { type: 'field-input', text: 'Sam' },
    { type: 'form-focus', delta: 1 },
    { type: 'field-input', text: '2025-06-10' },
    { type: 'form-submit', now: NOW },
  );
  s = gap('delivery.rollback');
  s = run(
    s,
    { type: 'open-form', kind: 'owner-due', now: NOW },
    { type: 'field-input', text: 'Kim' },
    { type: 'form-focus', delta: 1 },
    { type: 'field-input', text: '2025-06-20' },
    { type: 'form-submit', now: NOW },
  );
  s = run(
    s,
    { type: 'open-form', kind: 'waiver', now: NOW },
    { type: 'field-input', text: 'pilot' },
    { type: 'form-submit', now: NOW },
    { type: 'field-input', text: 'CTO' },
    { type: 'form-submit', now: NOW },
    { type: 'field-input', text: '2025-07-01' },
    { type: 'form-submit', now: NOW },
  );
  return run(s, { type: 'navigate', screen: 'review' });
}

describe('defect 1: every review row can be reached, however many depend on the date', () => {
  it('the cursor moves to the last row when past-due and expired-waiver rows are listed', () => {
    const s = datedReview();
    const items = reviewItems(s, LATER);
    expect(items.filter((i) => i.kind === 'due-passed' || i.kind === 'waiver-expired').length).toBeGreaterThanOrEqual(2);
    expect(items.length).toBeGreaterThan(5);
    let moved = s;
    for (let i = 0; i < items.length + 3; i++) moved = reduce(moved, { type: 'move', delta: 1, now: LATER });
    expect(moved.cursor.review).toBe(items.length - 1);
    expect(reduce(s, { type: 'move-to', where: 'last', now: LATER }).cursor.review).toBe(items.length - 1);
    // Enter on that last row opens its question.
    expect(reduce(moved, { type: 'activate', now: LATER }).question.id).toBe(items.at(-1)?.questionId);
  });

  it('on screen: j reaches the last row and Enter opens it', async () => {
    const s = datedReview();
    const services = { ...fakeServices({ scanImmediately: true }), now: () => LATER };
    mount(s, services);
    const items = reviewItems(s, LATER);
    await see('Past due');
    for (let i = 0; i < items.length; i++) await press('j');
    const last = items.at(-1)!.questionId;
    await vi.waitFor(() =>
      expect(
        frame()
          .split('\n')
          .find((r) => r.startsWith('▸ ')),
      ).toContain(last),
    );
    await press(KEYS.enter);
    await see(`·  ${last}`);
  });
});

describe('defect 2: with a form open, ↑/↓ move between fields, never the answer choice underneath', () => {
  it('the choice highlighted before the form is the one Enter answers with after it closes', async () => {
    const { services } = mount(
      run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW }),
    );
    await see('· confirmed ·');
    await press('w');
    await see('Waive the gap');
    await press(KEYS.down);
    await see(/▸ Approver:/);
    await press(KEYS.down);
    await press(KEYS.up);
    await press(KEYS.up);
    await see(/▸ Justification:/);
    await press(KEYS.esc);
    await vi.waitFor(() => expect(frame()).not.toContain('Waive the gap'));
    // The cursor still sits on "c confirm no": Enter confirms the proposal again, it does not answer yes/partial.
    await press(KEYS.enter);
    await vi.waitFor(() => expect(services.saved.at(-1)?.answers['secrets.no-hardcoded']?.state).toBe('no'));
    expect(services.saved.every((a) => a.answers['secrets.no-hardcoded']?.state !== 'yes')).toBe(true);
  });
});

describe('defect 4: a value typed or pasted with its Enter in one chunk fills the field and submits', () => {
  it('"Priya Platform⏎" switches the assessor at once', async () => {
    mount(run(readyState(), { type: 'navigate', screen: 'sections' }));
    await see('Sections');
    await press('a');
    await see('Who is answering now?');
    await press(KEYS.ctrlU);
    await press('Priya Platform\r');
    await see('Priya Platform is answering now');
    await see('✎ Priya Platform');
  });

  it('two fields in one chunk (owner, Tab, due date, Enter) are both saved', async () => {
    const { services } = mount(
      run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW }),
    );
    await see('· confirmed ·');
    await press('o');
    await see('Who closes the gap');
    await press('Sam Ops\t2025-07-15\r');
    await see('owner Sam Ops, due 2025-07-15');
    await vi.waitFor(() =>
      expect(services.saved.at(-1)?.answers['secrets.no-hardcoded']).toMatchObject({ owner: 'Sam Ops', due: '2025-07-15' }),
    );
  });

  it('what follows the closing Enter in the same chunk was typed for the form: it never runs as commands', async () => {
    const { onQuit } = mount(run(readyState(), { type: 'navigate', screen: 'sections' }));
    await see('Sections');
    await press('a');
    await see('Who is answering now?');
    await press(KEYS.ctrlU);
    await press('Bea\rq');
    await see('Bea is answering now');
    await tick();
    expect(onQuit).not.toHaveBeenCalled();
  });

  it('a paste ending in a newline on a command screen runs nothing', async () => {
    const { services } = mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }));
    await see('Are credentials kept out of the code?');
    await press('yes, checked\r');
    await tick();
    expect(services.saved.some((a) => a.answers['secrets.no-hardcoded']?.source !== 'detected')).toBe(false);
  });

  it('single keys that arrive together (typed before the first frame took the keyboard) run in order', async () => {
    mount(testState('start'));
    await see('Scope of the review');
    await press('\t ');
    await see('▸ Data it handles: personal data');
  });
});

describe('defect 3: the home screen handles what it advertises, and the terminal being resized', () => {
  it('re-lays itself out on resize', async () => {
    const settings = { userName: 'Ann', defaultChecklist: '', gateThreshold: 'blocker' as const };
    current = render(
      <HomeApp
        initial={initHomeState([], settings, { columns: 80, rows: 24 })}
        repoLabel="repo"
        color={false}
        saveSettings={vi.fn()}
        onDone={vi.fn()}
      />,
    );
    await see('Start a new assessment');
    const before = frame().split('\n').length;
    const stdout = current.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number };
    Object.defineProperty(stdout, 'rows', { value: 14, configurable: true });
    Object.defineProperty(stdout, 'columns', { value: 60, configurable: true });
    stdout.emit('resize');
    await vi.waitFor(() => expect(frame().split('\n').length).toBeLessThan(before));
    expect(frame().split('\n').length).toBeLessThanOrEqual(12);
  });

  it('the settings form edits at a caret like every other field', async () => {
    const settings = { userName: 'Ann', defaultChecklist: '', gateThreshold: 'blocker' as const };
    const saveSettings = vi.fn();
    current = render(
      <HomeApp initial={initHomeState([], settings)} repoLabel="repo" color={false} saveSettings={saveSettings} onDone={vi.fn()} />,
    );
    await see('Settings');
    await press('G');
    await press(KEYS.enter);
    await see(/▸ Your name: +Ann/);
    await press(KEYS.home);
    await press('Dr ');
    await press(KEYS.ctrlE);
    await press('e');
    await see(/▸ Your name: +Dr Anne/);
    await press(KEYS.esc);
    await see('settings unchanged');
    expect(saveSettings).not.toHaveBeenCalled();
  });
});

describe('defect 6: progress tells confirmed, proposed and open apart', () => {
  it('right after the scan nothing is confirmed: the header says so instead of "28% done"', async () => {
    mount(readyState());
    await see('Scan finished');
    const header = frame().split('\n')[0] ?? '';
    expect(header).toMatch(/0 confirmed · 3 proposed · 2 open/);
    expect(header).not.toMatch(/% done/);
  });

  it('confirming a proposal moves it from proposed to confirmed', async () => {
    mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }));
    await see('0 confirmed · 3 proposed · 2 open');
    await press('c');
    await see('1 confirmed · 2 proposed · 2 open');
  });

  it('before the scope is confirmed the header claims no progress at all', async () => {
    mount(testState('start'));
    await see('Scope of the review');
    expect(frame().split('\n')[0]).not.toMatch(/confirmed|proposed|open/);
  });
});
