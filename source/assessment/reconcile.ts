import type { Checklist } from '../checklist/schema.js';
import type { Signal } from '../detect/types.js';
import { sanitizeLine, sanitizePath } from '../util/sanitize.js';
import type { Assessment, EvidenceDigest } from './model.js';
import { digestsOf, proposeAnswer, type Proposal } from './propose.js';
import { questionStatus } from './status.js';

/**
 * A saved assessment meets a fresh scan. Nothing is changed here; every way the
 * saved answers may have gone stale is reported, per question, in words, and the
 * caller (resume, review screen, CI) decides what to do with it.
 */

export type FlagKind =
  | 'evidence-changed'
  | 'proposal-changed'
  | 'contradiction'
  | 'waiver-expired'
  | 'due-passed'
  | 'question-added'
  | 'question-removed';

export interface ReconcileFlag {
  question: string;
  kind: FlagKind;
  message: string;
}

export interface ReconcileResult {
  flags: ReconcileFlag[];
  byQuestion: Map<string, ReconcileFlag[]>;
  /** Fresh proposals, by question id (questions with signal rules only). */
  proposals: Map<string, Proposal>;
  /** Set when the checklist differs from the one the assessment pinned. */
  checklistChanged: { fromVersion: string; toVersion: string; fromHash: string; toHash: string } | null;
}

const MAX_LISTED = 3;

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

/** Words for how two evidence sets differ; null when they are the same. */
export function describeEvidenceChange(before: readonly EvidenceDigest[], after: readonly EvidenceDigest[]): string | null {
  const key = (d: EvidenceDigest) => JSON.stringify([d.path, d.line ?? null, d.commit ?? null, d.sha256]);
  const a = new Set(before.map(key));
  const b = new Set(after.map(key));
  if (a.size === b.size && [...a].every((k) => b.has(k))) return null;

  const hashes = (ds: readonly EvidenceDigest[]) => {
    const m = new Map<string, Set<string>>();
    for (const d of ds) m.set(d.path, (m.get(d.path) ?? new Set()).add(d.sha256));
    return m;
  };
  const old = hashes(before);
  const now = hashes(after);
  const changed: string[] = [];
  const removed: string[] = [];
  const added: string[] = [];
  for (const [path, shas] of old) {
    const fresh = now.get(path);
    if (!fresh) removed.push(sanitizePath(path));
    else if ([...fresh].some((s) => !shas.has(s))) changed.push(sanitizePath(path));
  }
  for (const path of now.keys()) if (!old.has(path)) added.push(sanitizePath(path));

  const parts: string[] = [];
  if (changed.length) parts.push(`evidence changed since the answer: ${listed(changed)}`);
  if (removed.length) parts.push(`${parts.length ? '' : 'evidence '}no longer found: ${listed(removed)}`);
  if (added.length) parts.push(`new evidence: ${listed(added)}`);
  if (parts.length === 0) parts.push('evidence changed: the same files, but different lines or commits');
  return parts.join('; ');
}

export function reconcile(assessment: Assessment, checklist: Checklist, signals: readonly Signal[], now: Date): ReconcileResult {
  const bySignal = new Map(signals.map((s) => [s.id, s]));
  const flags: ReconcileFlag[] = [];
  const proposals = new Map<string, Proposal>();
  const flag = (question: string, kind: FlagKind, message: string) => flags.push({ question, kind, message });

  for (const question of checklist.questions) {
    const proposal = proposeAnswer(question, bySignal);
    if (proposal) proposals.set(question.id, proposal);
    const status = questionStatus(assessment, question, now);
    const answer = status.answer;
    if (!status.applies || !answer) continue;

    if (proposal && answer.proposal) {
      const change = describeEvidenceChange(answer.proposal.digests, digestsOf(proposal.evidence));
      if (change) flag(question.id, 'evidence-changed', change);
    }

    const contradicted =
      proposal !== undefined &&
      proposal !== null &&
      answer.source !== 'detected' &&
      ((answer.state === 'yes' && proposal.state === 'no') || (answer.state === 'no' && proposal.state === 'yes'));
    if (contradicted) {
      const who = answer.source === 'confirmed' ? 'confirmed' : 'answered';
      flag(question.id, 'contradiction', `${who} "${answer.state}" by ${sanitizeLine(answer.answered_by, 80)}, but detection now proposes "${proposal.state}": ${proposal.reason}`);
    } else if (proposal && answer.proposal && proposal.state !== answer.proposal.state) {
      const stale = answer.source === 'detected' ? ' (the pre-filled answer is out of date)' : '';
      flag(question.id, 'proposal-changed', `detection now proposes "${proposal.state}" (it proposed "${answer.proposal.state}" when answered)${stale}`);
    }

    if (answer.waiver && status.waiver === 'expired') {
      flag(question.id, 'waiver-expired', `the waiver approved by ${sanitizeLine(answer.waiver.approver, 80)} expired after ${answer.waiver.expires}; the gap counts again`);
    }
    if (status.duePassed && answer.due) {
      const owner = answer.owner ? ` (owner ${sanitizeLine(answer.owner, 80)})` : '';
      flag(question.id, 'due-passed', `was due on ${answer.due}${owner} and is still "${answer.state}"`);
    }
  }

  const current = new Set(checklist.questions.map((q) => q.id));
  const pinned = assessment.checklist;
  const versionWords = pinned.version === checklist.version ? `checklist ${checklist.version}` : `checklist ${checklist.version} (the assessment used ${pinned.version})`;
  if (pinned.question_ids) {
    const before = new Set(pinned.question_ids);
    for (const q of checklist.questions) {
      if (!before.has(q.id)) flag(q.id, 'question-added', `new in ${versionWords}: not asked yet`);
    }
    for (const id of pinned.question_ids) {
      if (!current.has(id) && !Object.hasOwn(assessment.answers, id)) flag(id, 'question-removed', `no longer in ${versionWords}`);
    }
  }
  // Answers to questions the checklist no longer has: kept as history, left out of the score.
  for (const id of Object.keys(assessment.answers).sort()) {
    if (!current.has(id)) flag(id, 'question-removed', `no longer in ${versionWords}; its answer is kept but not scored`);
  }

  const byQuestion = new Map<string, ReconcileFlag[]>();
  for (const f of flags) byQuestion.set(f.question, [...(byQuestion.get(f.question) ?? []), f]);
  const changed = pinned.hash !== checklist.hash || pinned.version !== checklist.version || pinned.id !== checklist.id;
  return {
    flags,
    byQuestion,
    proposals,
    checklistChanged: changed ? { fromVersion: pinned.version, toVersion: checklist.version, fromHash: pinned.hash, toHash: checklist.hash } : null,
  };
}
