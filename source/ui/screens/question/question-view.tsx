import type { EvidenceItem } from '../../../assessment/model.js';
import { questionStatus } from '../../../assessment/status.js';
import { Lines, line, seg, type Line } from '../../components/lines.js';
import { FormLines } from '../../components/form.js';
import { FIELD_EDIT_BINDINGS, hintsOf } from '../../keys/keys.js';
import { answerOptions, applicableQuestions, evidencePageSize } from '../../state/derive.js';
import { wrapText } from '../../text.js';
import { SEVERITY_TONE, STATE_LOOK } from '../../theme.js';
import type { ScreenProps } from '../screen.js';

const SOURCE_WORDS = { detected: 'detected, not yet confirmed', confirmed: 'confirmed', human: 'answered by a person' } as const;

function evidenceLine(e: EvidenceItem, width: number): Line {
  if (e.kind === 'detected') {
    const where = `${e.path}${e.line ? `:${e.line}` : ''}`;
    return line(seg('  ◆ ', { tone: 'cyan' }), seg(where, { bold: true }), seg(e.excerpt ? `  ${e.excerpt}` : e.note ? `  (${e.note})` : '', { dim: true }));
  }
  if (e.kind === 'link') return line(seg('  ↗ ', { tone: 'blue' }), seg(e.title ? `${e.title} ` : ''), seg(e.url, { bold: true }), seg(`  added by ${e.added_by}`, { dim: true }));
  return line(seg('  ✎ ', { tone: 'blue' }), seg(wrapText(e.text, width, 1)[0] ?? ''), seg(`  — ${e.added_by}`, { dim: true }));
}

/**
 * One question: what it asks, why, how severe, which frameworks; what detection
 * proposes and on what evidence (paged); the answer and where it came from
 * (detected, confirmed, or a person, and whether that person overrode detection).
 */
export function QuestionView({ state, width, height, now }: ScreenProps) {
  const q = state.checklist.questions.find((x) => x.id === state.question.id);
  if (!q) return <Lines lines={[line('No question selected: s opens the sections.')]} />;
  const status = questionStatus(state.assessment, q, now);
  const answer = status.answer;
  const proposal = state.proposals.get(q.id);
  const section = state.checklist.sections.find((s) => s.id === q.section);
  const list = applicableQuestions(state);
  const pos = list.findIndex((x) => x.id === q.id);
  const w = width - 2;
  const top: Line[] = [];

  top.push(line(seg(section?.title ?? q.section, { tone: 'cyan' }), seg(`  ·  ${pos >= 0 ? `question ${pos + 1} of ${list.length}` : 'out of scope'}  ·  ${q.id}`, { dim: true })));
  const tags = Object.entries(q.mappings).map(([k, v]) => `${k} ${(v ?? []).join(',')}`).join(' · ');
  top.push(line(seg(`■ ${q.severity.toUpperCase()}`, { tone: SEVERITY_TONE[q.severity], bold: true }), seg(tags ? `  ${tags}` : '', { dim: true })));
  for (const l of wrapText(q.text, w, 3)) top.push(line(seg(l, { bold: true })));
  const whyAt = top.length;
  const whyLines = (max: number) => wrapText(`Why: ${q.why}`, w, max).map((l) => line(seg(l, { dim: true })));
  top.push(...whyLines(2));
  if (!status.applies) top.push(line(seg(`– out of scope: ${status.outOfScopeReason ?? ''}`, { tone: 'gray' })));

  if (proposal) {
    const look = STATE_LOOK[proposal.state];
    const head = `Detected: ${look.mark} ${look.word} (${proposal.confidence} confidence) — `;
    const wrapped = wrapText(head + proposal.reason, w, 2);
    wrapped.forEach((l, i) => top.push(i === 0 ? line(seg(l.slice(0, head.length), { tone: look.tone }), seg(l.slice(head.length), { dim: true })) : line(seg(l, { dim: true }))));
  } else {
    top.push(line(seg(state.scan.status === 'running' ? 'Detected: the scan is still running…' : 'Detected: no signal answers this question; it needs a person.', { dim: true })));
  }

  if (answer) {
    const look = STATE_LOOK[answer.state];
    const overrode = answer.source === 'human' && answer.proposal && answer.proposal.state !== answer.state ? ` · overrode detection (${answer.proposal.state})` : '';
    top.push(line(seg('Answer:   '), seg(`${look.mark} ${look.word}`, { tone: look.tone, bold: true }), seg(` · ${SOURCE_WORDS[answer.source]}${overrode} · ${answer.answered_by}, ${answer.answered_at.slice(0, 10)}`)));
    const details: string[] = [];
    if (answer.note) details.push(`note: ${answer.note}`);
    if (answer.owner || answer.due) details.push(`owner ${answer.owner ?? '—'}, due ${answer.due ?? '—'}${status.duePassed ? ' (PAST DUE)' : ''}`);
    if (answer.waiver) details.push(`waiver ${status.waiver === 'expired' ? 'EXPIRED' : 'active'} until ${answer.waiver.expires}, approved by ${answer.waiver.approver}: ${answer.waiver.justification}`);
    if (details.length) top.push(line(seg(`          ${details.join(' · ')}`, { dim: true })));
  } else {
    top.push(line(seg('Answer:   '), seg('· unanswered', { tone: 'gray' })));
  }
  for (const f of (state.flags.get(q.id) ?? []).slice(0, 2)) top.push(line(seg(`⚠ ${f.message}`, { tone: 'yellow' })));

  const options = answerOptions(state, q.id);
  const choice: Line = [seg('Choose: ')];
  options.forEach((o, i) => {
    const look = STATE_LOOK[o.state];
    const label = o.kind === 'confirm' ? `c confirm ${look.word}` : `${options[0]?.kind === 'confirm' ? i : i + 1} ${look.mark} ${look.word}`;
    choice.push(seg(` ${label} `, { inverse: i === state.question.cursor, tone: look.tone, bold: i === state.question.cursor }));
  });
  top.push(choice);

  if (state.form) {
    const form = FormLines(state.form, width, hintsOf(FIELD_EDIT_BINDINGS));
    return <Lines lines={[...top.slice(0, Math.max(0, height - form.length)), ...form]} height={height} />;
  }

  const evidence: EvidenceItem[] = answer && answer.evidence.length > 0 ? answer.evidence : (proposal?.evidence ?? []);
  const pageSize = evidencePageSize(state.size);
  const start = Math.min(state.question.evidenceOffset, Math.max(0, evidence.length - 1));
  const shown = evidence.slice(start, start + pageSize);
  const bottom: Line[] = [];
  if (evidence.length === 0) {
    // Free rows go to the hint first: what a human answer needs is what the person is looking for.
    const spare = Math.max(0, height - top.length - 1);
    for (const l of wrapText(`Evidence: none yet${answer ? ' — L adds a link, t a note' : ''}. Needed: ${q.evidence}`, w, 1 + Math.min(2, spare))) bottom.push(line(seg(l, { dim: true })));
  }
  else {
    const more = evidence.length > pageSize ? `  (PgDn/] more, PgUp/[ back)` : '';
    bottom.push(line(seg(`Evidence ${start + 1}–${start + shown.length} of ${evidence.length}${answer && answer.evidence.length > 0 ? '' : ' (proposed)'}${more}`, { bold: true })));
    for (const e of shown) bottom.push(evidenceLine(e, w));
  }
  // Rows left over let "Why" run to its end instead of stopping at two lines.
  const spare = height - top.length - bottom.length;
  if (spare > 0) {
    const fuller = whyLines(2 + Math.min(spare, 3));
    top.splice(whyAt, wrapText(`Why: ${q.why}`, w, 2).length, ...fuller);
  }
  // The top block gives way first, so the choice line and the evidence always fit.
  const keepTop = Math.max(0, height - bottom.length);
  const trimmedTop = top.length > keepTop ? [...top.slice(0, Math.max(0, keepTop - 1)), choice] : top;
  return <Lines lines={[...trimmedTop, ...bottom]} height={height} />;
}
