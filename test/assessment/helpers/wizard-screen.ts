import type { Answer, AnswerState } from '../../../source/assessment/model.js';

/**
 * What the wizard's question screen says, read from the rows of a terminal, and
 * the bookkeeping that turns it into a check after a kill: every answer the
 * screen showed beside "✔ saved" must be in the file, unless the screen later
 * showed that question with another answer (the newer one may be on disk), or a
 * key still in flight at the kill changed it.
 *
 * Pure: the kill loop (wizard-crash.ts) feeds it frames and files; its own test
 * feeds it made-up frames, so the check is known to catch a loss.
 */

type Shown = AnswerState | 'unanswered';
type Source = Answer['source'];

/** An answer as the screen or the file has it; a source the screen did not name matches any. */
interface AnswerValue {
  state: Shown;
  source?: Source;
}

export interface ScreenFacts {
  status: 'saved' | 'saving' | 'failed' | 'clean';
  question: { id: string; index: number; total: number } | null;
  /** The current question's answer (its "Answer:" row). */
  answer: AnswerValue | null;
  /** Detection's proposal for the current question, if any. */
  proposal: AnswerState | null;
  /** The message row when it reports an answer just given: "✔ <id>: <state>" or "✔ <id>: confirmed <state>". */
  message: { id: string; value: AnswerValue } | null;
}

const STATE = '(yes|partial|no|n/a|unknown)';
const MARK = '(?:✔|◐|✘|–|\\?)';
const SOURCES: Record<string, Source> = {
  'detected, not yet confirmed': 'detected',
  confirmed: 'confirmed',
  'answered by a person': 'human',
};
const QUESTION_ROW = /question (\d+) of (\d+) {2}· {2}(\S+)/;
const ANSWER_ROW = new RegExp(
  `^Answer: +(?:${MARK} ${STATE} · (detected, not yet confirmed|confirmed|answered by a person)|· (unanswered))`,
);
const DETECTED_ROW = new RegExp(`^Detected: ${MARK} ${STATE} \\(`);
const MESSAGE_ROW = new RegExp(`^✔ (\\S+): (confirmed )?${STATE}\\b`);

export function readScreen(lines: readonly string[]): ScreenFacts {
  const header = lines[0] ?? '';
  const status = header.includes(' · ✔ saved · ')
    ? 'saved'
    : header.includes(' · … saving · ')
      ? 'saving'
      : header.includes(' · ✘ NOT SAVED · ')
        ? 'failed'
        : 'clean';
  const q = QUESTION_ROW.exec(lines[1] ?? '');
  const question = q ? { id: q[3] as string, index: Number(q[1]), total: Number(q[2]) } : null;
  let answer: AnswerValue | null = null;
  let proposal: AnswerState | null = null;
  if (question) {
    for (const row of lines) {
      const a = ANSWER_ROW.exec(row);
      if (a) answer = a[3] ? { state: 'unanswered' } : { state: a[1] as AnswerState, source: SOURCES[a[2] as string] as Source };
      const d = DETECTED_ROW.exec(row);
      if (d) proposal = d[1] as AnswerState;
    }
  }
  // The message row sits right above the footer (the key hints, which start with "? help").
  const footer = lines.findLastIndex((l) => l.startsWith('? help'));
  const m = footer > 0 ? MESSAGE_ROW.exec(lines[footer - 1] ?? '') : null;
  const message = m
    ? { id: m[1] as string, value: { state: m[3] as AnswerState, ...(m[2] ? { source: 'confirmed' as const } : {}) } }
    : null;
  return { status, question, answer, proposal, message };
}

/** What a question holds in the file: its answer's state and source, or unanswered. */
function fileValue(answers: Record<string, Pick<Answer, 'state' | 'source'>>, id: string): AnswerValue {
  const a = Object.hasOwn(answers, id) ? answers[id] : undefined;
  return a ? { state: a.state, source: a.source } : { state: 'unanswered' };
}

const agrees = (a: AnswerValue, b: AnswerValue) =>
  a.state === b.state && (a.source === undefined || b.source === undefined || a.source === b.source);

interface Sighting {
  frame: number;
  id: string;
  value: AnswerValue;
  saved: boolean;
}

/** A key sent whose effect the screen had not shown yet when the process died, and what it would set. */
export interface InFlight {
  id: string;
  value: AnswerValue;
}

export interface ClaimCheck {
  /** Questions the screen showed as saved, each checked against the file. */
  checked: number;
  /** One line per answer the screen showed as saved that the file does not hold. */
  lost: string[];
}

/** Every answer every complete frame showed, in order; then one check against the file. */
export class ClaimLedger {
  private readonly seen: Sighting[] = [];
  private frames = 0;

  add(facts: ScreenFacts): void {
    const frame = this.frames++;
    const saved = facts.status === 'saved';
    if (facts.question && facts.answer) this.seen.push({ frame, id: facts.question.id, value: facts.answer, saved });
    if (facts.message) this.seen.push({ frame, id: facts.message.id, value: facts.message.value, saved });
  }

  check(answers: Record<string, Pick<Answer, 'state' | 'source'>>, inFlight: InFlight | null): ClaimCheck {
    const ids = [...new Set(this.seen.filter((s) => s.saved).map((s) => s.id))];
    const lost: string[] = [];
    for (const id of ids) {
      const sightings = this.seen.filter((s) => s.id === id);
      const claim = sightings.filter((s) => s.saved).at(-1) as Sighting;
      const allowed = [
        claim.value,
        ...sightings.filter((s) => s.frame > claim.frame).map((s) => s.value),
        ...(inFlight?.id === id ? [inFlight.value] : []),
      ];
      const actual = fileValue(answers, id);
      if (!allowed.some((v) => agrees(v, actual))) {
        lost.push(
          `${id}: the screen showed ${describe(claim.value)} beside "✔ saved" (frame ${claim.frame}), the file holds ${describe(actual)}`,
        );
      }
    }
    return { checked: ids.length, lost };
  }
}

function describe(v: AnswerValue): string {
  return v.source ? `${v.state} (${v.source})` : v.state;
}
