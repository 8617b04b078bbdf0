import { describe, expect, it } from 'vitest';
import { ClaimLedger, readScreen } from './helpers/wizard-screen.js';

/**
 * The kill loop (helpers/wizard-crash.ts) is only as good as its reading of the
 * screen and its check against the file: these frames are what the wizard draws
 * at 80×24 (rows copied from a real run), and the ledger must flag an answer the
 * screen showed beside "✔ saved" that the file does not hold.
 */

function frame(opts: { status: string; index: number; id: string; answer: string; message?: string }): string[] {
  const rows = [
    `shipshape · crash · Question · 1 confirmed · 2 proposed · 2 open${opts.status} · ✎ root`,
    `Delivery governance  ·  question ${opts.index} of 5  ·  ${opts.id}`,
    '■ HIGH  nist-ssdf PW.7',
    'Does a CI pipeline run on every change?',
    'Why: Without CI nothing checks a change before it ships.',
    'Detected: ✘ no (high confidence) — ci.pipeline failed: no CI pipeline',
    'configuration found',
    `Answer:   ${opts.answer}`,
    'Choose:  c confirm no  1 ✔ yes  2 ◐ partial  3 ✘ no  4 – n/a  5 ? unknown',
  ];
  while (rows.length < 22) rows.push('');
  rows.push(opts.message ?? '');
  rows.push('? help  1-5 answer  n/p next/prev  t note  o owner  w waive  q quit  Esc back');
  return rows;
}

const SAVED = ' · ✔ saved';
const SAVING = ' · … saving';

describe('reading the question screen', () => {
  it('reads the save status, the question, its answer, the proposal and the message line', () => {
    const facts = readScreen(
      frame({
        status: SAVED,
        index: 4,
        id: 'delivery.ci',
        answer: '– n/a · answered by a person · overrode detection (no) · root, 2026-1…',
        message: '✔ delivery.ci: n/a (detection proposed no) — on to the next; p goes back to it',
      }),
    );
    expect(facts).toEqual({
      status: 'saved',
      question: { id: 'delivery.ci', index: 4, total: 5 },
      answer: { state: 'n/a', source: 'human' },
      proposal: 'no',
      message: { id: 'delivery.ci', value: { state: 'n/a' } },
    });
  });

  it('tells saving, not saved, unanswered and a confirmed proposal apart', () => {
    expect(readScreen(frame({ status: SAVING, index: 1, id: 'a.b', answer: '· unanswered' }))).toMatchObject({
      status: 'saving',
      answer: { state: 'unanswered' },
      message: null,
    });
    expect(
      readScreen(
        frame({
          status: ' · ✘ NOT SAVED',
          index: 1,
          id: 'a.b',
          answer: '✘ no · confirmed · root, 2026-12-03',
          message: '✔ a.b: confirmed no — o owner & due date',
        }),
      ),
    ).toMatchObject({
      status: 'failed',
      answer: { state: 'no', source: 'confirmed' },
      message: { id: 'a.b', value: { state: 'no', source: 'confirmed' } },
    });
    expect(readScreen(frame({ status: '', index: 1, id: 'a.b', answer: '✘ no · detected, not yet confirmed' })).status).toBe('clean');
  });
});

describe('the claim ledger', () => {
  const answers = (state: string, source = 'human') => ({ 'delivery.ci': { state, source } }) as never;

  it('flags an answer shown beside "✔ saved" that the file does not hold', () => {
    const ledger = new ClaimLedger();
    ledger.add(readScreen(frame({ status: SAVING, index: 4, id: 'delivery.ci', answer: '✔ yes · answered by a person' })));
    ledger.add(readScreen(frame({ status: SAVED, index: 4, id: 'delivery.ci', answer: '✔ yes · answered by a person' })));
    const check = ledger.check(answers('no'), null);
    expect(check.checked).toBe(1);
    expect(check.lost).toEqual([expect.stringContaining('delivery.ci: the screen showed yes (human) beside "✔ saved"')]);
    expect(ledger.check(answers('yes'), null).lost).toEqual([]);
  });

  it('accepts a newer answer the screen showed later, or the key in flight at the kill, but not an older one', () => {
    const ledger = new ClaimLedger();
    ledger.add(readScreen(frame({ status: SAVED, index: 4, id: 'delivery.ci', answer: '✔ yes · answered by a person' })));
    ledger.add(readScreen(frame({ status: SAVING, index: 4, id: 'delivery.ci', answer: '◐ partial · answered by a person' })));
    expect(ledger.check(answers('partial'), null).lost).toEqual([]);
    expect(ledger.check(answers('unknown'), { id: 'delivery.ci', value: { state: 'unknown' } }).lost).toEqual([]);
    expect(ledger.check(answers('unknown'), { id: 'other.q', value: { state: 'unknown' } }).lost).toHaveLength(1);
    expect(ledger.check({}, null).lost).toHaveLength(1);
  });

  it('checks nothing that was only ever shown while saving', () => {
    const ledger = new ClaimLedger();
    ledger.add(readScreen(frame({ status: SAVING, index: 4, id: 'delivery.ci', answer: '✔ yes · answered by a person' })));
    expect(ledger.check({}, null)).toEqual({ checked: 0, lost: [] });
  });
});
