import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AssessmentFileError } from '../../source/assessment/errors.js';
import { WizardApp } from '../../source/ui/app.js';
import type { WizardState } from '../../source/ui/state/types.js';
import { signal } from '../helpers/builders.js';
import { KEYS, tick } from '../helpers/keys.js';
import { NOW, fakeServices, readyState, run, scanResult, testState, type FakeServices } from './helpers.js';

/**
 * Every screen through the real key provider: one key per await, a macrotask
 * after each (a lone Esc needs it), polling waits on the frame (ink-testing-library
 * has no "frame rendered" signal).
 */


let current: ReturnType<typeof render> | null = null;
afterEach(() => {
  current?.unmount();
  current = null;
});

function mount(initial: WizardState, services: FakeServices = fakeServices({ scanImmediately: true }), onQuit = vi.fn()) {
  current = render(<WizardApp initial={initial} services={services} color={false} onQuit={onQuit} />);
  return { ...current, services, onQuit };
}

const frame = () => stripAnsi(current?.lastFrame() ?? '');

async function press(key: string) {
  current?.stdin.write(key);
  await tick();
  await tick();
}

async function see(text: string | RegExp) {
  await vi.waitFor(() => {
    const f = frame();
    if (typeof text === 'string' ? !f.includes(text) : !text.test(f)) throw new Error(`not on screen: ${String(text)}\n${f}`);
  }, { timeout: 3000, interval: 10 });
}

function rowsOf(f: string) {
  return f.split('\n');
}

describe('wizard screens', () => {
  it('scope: Tab to data classes, Space ticks, Enter confirms and the scan summary follows', async () => {
    mount(testState('start'));
    await see('Scope of the review');
    await see('Scan finished.');
    await press(KEYS.tab);
    await see('▸ Data it handles');
    await press(' ');
    await see('[x] personal data');
    await press(KEYS.enter);
    await see('Scan finished  12 files');
    expect(frame()).toContain('✘ fail');
    // The signals as a bar beside their counts: pass, fail, unknown, n/a.
    expect(frame()).toMatch(/\d+ signals {2}[█✘?·]+ +\d+ (?:pass|fail)/);
    expect(frame()).toContain('scope saved');
  });

  it('scan: shows progress (files, files/s, detectors, elapsed) while running', async () => {
    const services = fakeServices();
    mount(run(testState('start'), { type: 'activate', now: NOW }), services);
    await see('Scanning the repository');
    await see(/files read\s+20\s+\(40 files\/s\)/);
    expect(frame()).toMatch(/detectors done\s+3\/10/);
    expect(frame()).toContain('elapsed         0.5s');
    services.finishScan(scanResult());
    await see('Scan finished');
  });

  it('scan: a signal id longer than the column still has a space before its summary', async () => {
    const services = fakeServices();
    mount(run(testState('start'), { type: 'activate', now: NOW }), services);
    await see('Scanning the repository');
    services.finishScan(scanResult([signal('llm.prompt-injection-surface', 'fail', { summary: 'request input goes into the system message' }), signal('ci.pipeline', 'pass')]));
    await see('Scan finished');
    expect(frame()).toMatch(/llm\.prompt-injection-surface +request input goes/);
  });

  it('sections: confirmed, proposed and open apart, score and open blockers per section; Enter opens a question', async () => {
    mount(run(readyState(), { type: 'navigate', screen: 'sections' }));
    await see('Secrets management');
    // Detection pre-filled two of the three secrets questions: proposed, not confirmed, and the third is open.
    // The bar draws them apart in glyphs that need no colour (NO_COLOR here): proposed ▓ before open ·, counts under the legend's glyphs.
    expect(frame()).toContain('█ confirmed yes  ▓ proposed  ✘ gap  ░ waived  · open');
    expect(frame()).toMatch(/Secrets management\s+▓+·+\s+–\s+2\s+–\s+–\s+1\s+28\s+✘ 1/);
    const secrets = rowsOf(frame()).find((r) => r.includes('Secrets management')) ?? '';
    // Two proposed to one open: the proposed part is the longer one.
    expect((/▓+/.exec(secrets)?.[0].length ?? 0) > (/·+/.exec(secrets)?.[0].length ?? 0)).toBe(true);
    expect(frame()).toContain('Sections  0 confirmed · 3 proposed · 2 open');
    expect(frame()).toContain('✘ not ready');
    await press('j');
    await press(KEYS.enter);
    await see('Does a CI pipeline run on every change?');
  });

  it('question: proposal, evidence, confirm in one key, then an owner and due date; autosaves each change', async () => {
    const { services } = mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }));
    await see('Are credentials kept out of the code?');
    expect(frame()).toContain('■ BLOCKER');
    expect(frame()).toContain('Detected: ✘ no (high confidence)');
    expect(frame()).toContain('src/key.ts:3');
    expect(frame()).toContain('detected, not yet confirmed');
    await press('c');
    await see('· confirmed ·');
    await vi.waitFor(() => expect(services.saved.at(-1)?.answers['secrets.no-hardcoded']?.source).toBe('confirmed'));
    await press('o');
    await see('Who closes the gap in secrets.no-hardcoded');
    for (const ch of 'Bob') await press(ch);
    await press(KEYS.tab);
    await press(KEYS.enter);
    await see('owner Bob, due 2025-07-01');
    await vi.waitFor(() => expect(services.saved.at(-1)?.answers['secrets.no-hardcoded']?.owner).toBe('Bob'));
  });

  it('question: typing a note does not trigger answer keys', async () => {
    const { services } = mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW }));
    await see('· confirmed ·');
    await press('t');
    await see('Note on secrets.no-hardcoded');
    for (const ch of 'n1q') await press(ch);
    await see(/▸ Note: n1q\s*$/m);
    await press(KEYS.enter);
    await see('note: n1q');
    // The save lands after the frame that shows it; wait for it rather than race it (a full suite run on a loaded machine lost this race).
    await vi.waitFor(() => expect(services.saved.at(-1)?.answers['secrets.no-hardcoded']?.state).toBe('no'));
  });

  it('question: the caret moves with ←/→/Home/End and Ctrl-A/E, text goes in at the caret, Ctrl-W and Ctrl-U delete before it', async () => {
    const { services } = mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW }));
    await see('· confirmed ·');
    await press('t');
    await see('Note on secrets.no-hardcoded');
    await press('rotate keys');
    await press(KEYS.home);
    await press('we ');
    await see(/▸ Note: we rotate keys\s*$/m);
    await press('\u0005'); // Ctrl-E
    await press(KEYS.left);
    await press(KEYS.left);
    await press(KEYS.left);
    await press(KEYS.left);
    await press('all ');
    await see(/▸ Note: we rotate all keys\s*$/m);
    await press('\u0017'); // Ctrl-W: "all "
    await see(/▸ Note: we rotate keys\s*$/m);
    await press(KEYS.right);
    await press('\u0015'); // Ctrl-U: everything before the caret
    await see(/▸ Note: eys\s*$/m);
    await press('\u0001'); // Ctrl-A
    await press('k');
    await press(KEYS.end);
    await press('!');
    await press(KEYS.enter);
    await see('note: keys!');
    await vi.waitFor(() => expect(services.saved.at(-1)?.answers['secrets.no-hardcoded']?.note).toBe('keys!'));
  });

  it('the assessor switch shows its form on any screen, not only under a question', async () => {
    mount(run(readyState(), { type: 'navigate', screen: 'sections' }));
    await see('Sections');
    await press('a');
    await see('Who is answering now?');
    await see(/▸ Assessor: Ann\s*$/m);
    await press('\u0015'); // Ctrl-U
    await press('Bea');
    await press(KEYS.enter);
    await see('Bea is answering now');
    await see('✎ Bea');
  });

  it('question: a burst of Backspaces in one chunk deletes one character each; control bytes never become text', async () => {
    const { services } = mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW }));
    await see('· confirmed ·');
    await press('t');
    await see('Note on secrets.no-hardcoded');
    await press('abcdef');
    await see(/▸ Note: abcdef\s*$/m);
    await press('\u007f\u007f\u007f');
    await see(/▸ Note: abc\s*$/m);
    await press('x\u0007y');
    await press(KEYS.enter);
    await see('note: abcxy');
    await vi.waitFor(() => expect(services.saved.at(-1)?.answers['secrets.no-hardcoded']?.note).toBe('abcxy'));
  });

  it('question: a waiver without a justification is refused with the reason', async () => {
    mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'confirm-proposal', now: NOW }));
    await see('· confirmed ·');
    await press('w');
    await see('Waive the gap in secrets.no-hardcoded');
    await press(KEYS.enter);
    await press(KEYS.enter);
    await press(KEYS.enter);
    await see('✘ a waiver needs a justification');
  });

  it('question: a refused note holds the keyboard, so the note typed next runs no commands', async () => {
    const m = mount(run(readyState(), { type: 'open-question', id: 'secrets.rotation' }));
    await see('Can every credential be rotated');
    const savesBefore = m.services.saved.length;
    await press('t');
    await see('answer the question first');
    expect(frame()).toContain('Enter/Esc go on');
    // "c" would confirm, "x" clear, "n" move on, "q" quit: none of them may act now.
    for (const ch of 'check cxnq later') await press(ch);
    expect(frame()).toContain('Can every credential be rotated');
    expect(frame()).toContain('answer the question first');
    expect(m.onQuit).not.toHaveBeenCalled();
    expect(m.services.saved.length).toBe(savesBefore);
    await press(KEYS.esc);
    await vi.waitFor(() => expect(frame()).not.toContain('answer the question first'));
    await press('n');
    await vi.waitFor(() => expect(frame()).not.toContain('Can every credential be rotated'));
  });

  it('question: n/p move between questions; a human override is shown as such', async () => {
    mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }));
    await see('Are credentials kept out of the code?');
    await press('1');
    await see('Are .env files kept out of git?');
    await press('p');
    await see('overrode detection (no)');
    await press('n');
    await see('Are .env files kept out of git?');
  });

  it('review: what needs a decision, the proposals awaiting confirmation and the open questions, each a group; Enter jumps to the question', async () => {
    mount(run(readyState(), { type: 'navigate', screen: 'review' }));
    await see('Review  1 to decide · 3 proposals await confirmation · 2 open');
    // The whole review as one bar in the same standings, with its counts.
    expect(frame()).toMatch(/Readiness {2}▓+·+ {2}3 proposed · 2 open/);
    const rows = rowsOf(frame());
    const heading = (words: string) => rows.findIndex((r) => r.includes(`── ${words}`));
    expect(heading('Needs a decision (1)')).toBeGreaterThan(0);
    expect(heading('Proposals awaiting confirmation (3)')).toBeGreaterThan(heading('Needs a decision'));
    expect(heading('Open (nobody answered) (2)')).toBeGreaterThan(heading('Proposals awaiting confirmation'));
    // Every proposal is listed under its own heading, none under "needs a decision".
    const proposed = rows.slice(heading('Proposals awaiting'), heading('Open (nobody')).filter((r) => r.includes('◆ proposes'));
    expect(proposed.map((r) => /◆ proposes \S+ \S+\s+(\S+)/.exec(r)?.[1])).toEqual(['secrets.no-hardcoded', 'secrets.env-ignored', 'delivery.ci']);
    expect(frame()).toContain('⚑ Blocks launch');
    expect(frame()).toContain('⚑ Unanswered');
    // Every label stands apart from its question id, the longest included.
    for (const row of rowsOf(frame()).filter((r) => r.includes('⚑'))) expect(row).toMatch(/⚑ [A-Za-z ,]+? {2,}[a-z0-9.-]+/);
    await press(KEYS.enter);
    await see('Are credentials kept out of the code?');
  });

  it('search: / then words, Enter opens the match', async () => {
    mount(readyState());
    await see('Scan finished');
    await press('/');
    await see('Search:');
    for (const ch of 'rollback') await press(ch);
    await see('1 question');
    await press(KEYS.enter);
    await see('Is there a tested rollback plan?');
  });

  it('preview: windowed to the terminal and paged with PgDn and G', async () => {
    mount(run(readyState(), { type: 'navigate', screen: 'preview' }));
    await see('Dossier preview · lines 1–');
    expect(rowsOf(frame()).length).toBeLessThan(24);
    await press(KEYS.pageDown);
    await see('Dossier preview · lines 20–');
    await press('G');
    await see('(100%)');
    expect(rowsOf(frame()).length).toBeLessThan(24);
  });

  it('export: writes and shows the paths', async () => {
    const { services } = mount(run(readyState(), { type: 'navigate', screen: 'export' }));
    await see('✔ Dossier written');
    expect(frame()).toContain('.shipshape/demo.dossier.md');
    expect(frame()).toContain('.shipshape/demo.report.json');
    expect(frame()).toMatch(/shipshape verify \S*\.shipshape\/demo\.dossier\.md/);
    expect(services.exported).toBe(1);
    await press(KEYS.enter);
    await see('Scan finished');
  });

  it('help overlay lists every key of the screen and the global ones; Esc closes it', async () => {
    mount(run(readyState(), { type: 'open-question', id: 'secrets.no-hardcoded' }, { type: 'resize', columns: 80, rows: 60 }));
    await see('Are credentials kept out of the code?');
    await press('?');
    await see('Question screen');
    expect(frame()).toContain('accept a gap as a waiver');
    expect(frame()).toContain('Everywhere');
    expect(frame()).toContain('save and quit');
    await press(KEYS.esc);
    await see('Are credentials kept out of the code?');
  });

  it('footer shows the keys of the current screen', async () => {
    mount(run(readyState(), { type: 'navigate', screen: 'sections' }));
    await see('Enter open');
    expect(rowsOf(frame()).at(-1)).toContain('? help');
  });

  it('q and Ctrl-C quit through onQuit (Ctrl-C arrives as input in raw mode)', async () => {
    const a = mount(readyState());
    await see('Scan finished');
    await press('q');
    await vi.waitFor(() => expect(a.onQuit).toHaveBeenCalledWith('quit', expect.anything()));
    a.unmount();
    const b = mount(readyState());
    await see('Scan finished');
    await press(KEYS.ctrlC);
    await vi.waitFor(() => expect(b.onQuit).toHaveBeenCalledWith('interrupt', expect.anything()));
  });

  it('every frame fits an 80×24 terminal on every screen', async () => {
    const screens = ['sections', 'review', 'preview', 'export', 'search'] as const;
    for (const screen of screens) {
      mount(run(readyState(), { type: 'navigate', screen }));
      await tick();
      await tick();
      await vi.waitFor(() => expect(frame().length).toBeGreaterThan(0));
      for (const row of rowsOf(frame())) expect([...row].length).toBeLessThanOrEqual(80);
      expect(rowsOf(frame()).length).toBeLessThanOrEqual(23);
      current?.unmount();
    }
  });

  it('repository text is sanitised before it reaches the screen', async () => {
    const hostile = scanResult([{ id: 'secrets.hardcoded', status: 'fail', summary: 'x', confidence: 'high', evidence: [{ path: 'evil\u001b[2J.ts', line: 1, excerpt: 'a\u001b]0;pwned\u0007b', sha256: 'a'.repeat(64) }] }]);
    mount(run(testState(), { type: 'activate', now: NOW }, { type: 'scan-done', result: hostile, now: NOW }, { type: 'open-question', id: 'secrets.no-hardcoded' }));
    await see('Evidence 1–1');
    const raw = current?.lastFrame() ?? '';
    expect(raw).not.toContain('\u001b[2J');
    expect(raw).not.toContain('\u001b]0;');
  });
});

describe('save status', () => {
  /** Saves that finish only when the test says so, in the order they were handed over. */
  function heldSaves() {
    const services = fakeServices({ scanImmediately: true });
    const pending: (() => void)[] = [];
    services.save = (a) => {
      services.saved.push(a);
      return new Promise<void>((resolve) => pending.push(resolve));
    };
    return { services, finishNext: () => pending.shift()?.() };
  }

  it('"✔ saved" never shows while a newer change waits for its save, nor beside a change whose save has not started', async () => {
    const { services, finishNext } = heldSaves();
    mount(run(readyState(), { type: 'open-question', id: 'secrets.rotation' }), services);
    await see('Can every credential be rotated');
    await press('1');
    await see('secrets.rotation: yes');
    await see('… saving');
    await press('n');
    await see('Is there a tested rollback plan?');
    await press('3');
    await see('delivery.rollback: no');
    // The store gets each change after its frame is drawn (a passive effect): wait for the hand-over, not the frame.
    await vi.waitFor(() => expect(services.saved).toHaveLength(2));
    // The first save lands; the second (the answer on screen) has not: still saving.
    finishNext();
    await tick();
    await tick();
    expect(frame()).toContain('… saving');
    expect(frame()).not.toContain('✔ saved');
    finishNext();
    await see('✔ saved');

    // A new change: every frame from the key on says "saving" until its save lands, the first one included.
    const from = current!.frames.length;
    await press('2');
    await see('delivery.rollback: partial');
    const since = current!.frames.slice(from).map((f) => stripAnsi(f));
    expect(since.length).toBeGreaterThan(0);
    expect(since.filter((f) => f.includes('✔ saved'))).toEqual([]);
    await vi.waitFor(() => expect(services.saved).toHaveLength(3));
    finishNext();
    await see('✔ saved');
  });

  it('a save that fails shows "NOT SAVED" with the reason and what q does, and stays until a newer state is written', async () => {
    const services = fakeServices({ scanImmediately: true });
    let fail = true;
    services.save = async (a) => {
      services.saved.push(a);
      if (fail) {
        const cause = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        throw new AssessmentFileError('/repo/.shipshape/demo.json', 'write-failed', 'could not write the file (no space left on the disk)', [], 'Check free space.', { cause });
      }
    };
    mount(run(readyState(), { type: 'open-question', id: 'secrets.rotation' }), services);
    await see('Can every credential be rotated');
    await press('1');
    await see('✘ NOT SAVED');
    // The reason and the way out both fit the 80-column message line.
    expect(frame()).toContain('✘ not saved (no space left on the disk): q quits, saving your answers to a copy\n');
    fail = false;
    await press('3');
    await see('✔ saved');
  });
});

describe('header', () => {
  it('never lets a long assessor name push "NOT SAVED" off an 80-column line', async () => {
    const { Header } = await import('../../source/ui/components/chrome.js');
    const base = testState('resume');
    const state = { ...base, assessor: 'A Very Long Assessor Name From The Company Directory, Platform Security Team', save: { status: 'failed' as const, error: 'disk full', revision: 1 } };
    const app = render(<Header state={state} />);
    const top = stripAnsi(app.lastFrame() ?? '').split('\n')[0] ?? '';
    expect(top).toContain('✘ NOT SAVED');
    app.unmount();
  });
});
