import type { Checklist } from '../checklist/schema.js';
import { applyProposal, type Actor } from './answers.js';
import type { Assessment, EvidenceDigest } from './model.js';
import { digestsOf, type Proposal } from './propose.js';

/**
 * Bring detection-sourced answers up to date with a fresh scan, and pre-fill the
 * questions nobody answered where detection can tell. People's answers (confirmed
 * or human) are never touched; reconcile flags them instead. An "unknown" proposal
 * fills nothing: it stays unanswered rather than becoming a claim.
 */
export function refreshDetectedAnswers(a: Assessment, checklist: Checklist, proposals: ReadonlyMap<string, Proposal>, actor: Actor): Assessment {
  let out = a;
  for (const q of checklist.questions) {
    const proposal = proposals.get(q.id);
    if (!proposal) continue;
    const current = Object.hasOwn(out.answers, q.id) ? out.answers[q.id] : undefined;
    if (current && current.source !== 'detected') continue;
    if (!current && proposal.state === 'unknown') continue;
    if (current && current.state === proposal.state && sameEvidence(current.proposal?.digests, proposal)) continue;
    out = applyProposal(out, q.id, proposal, actor);
  }
  return out;
}

function sameEvidence(digests: readonly EvidenceDigest[] | undefined, proposal: Proposal): boolean {
  return digests !== undefined && JSON.stringify(digests) === JSON.stringify(digestsOf(proposal.evidence));
}
