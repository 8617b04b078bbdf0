import { addEvidence, grantWaiver, setNote, setOwnerDue, type Actor } from '../../assessment/answers.js';
import { addDays } from '../../assessment/dates.js';
import { AnswerError } from '../../assessment/errors.js';
import { isGap, type Answer, type Assessment } from '../../assessment/model.js';
import type { FormKind, FormState } from './types.js';

/**
 * The small text forms of the question screen (note, link, owner and due date,
 * waiver) and the assessor switch. Opening one checks it makes sense for the
 * answer; submitting runs the core operation, whose AnswerError becomes the
 * form's error line so the user can fix the field without losing what they typed.
 */

export type OpenResult = { form: FormState } | { refused: string };

/** Offered when the expiry is left empty: ninety days, or the policy's limit if shorter. */
const DEFAULT_WAIVER_DAYS = 90;

export function openForm(kind: FormKind, questionId: string | undefined, answer: Answer | undefined, assessor: string, now: Date, maxWaiverDays: number | null = null): OpenResult {
  if (kind === 'assessor') {
    return { form: { kind, title: 'Who is answering now?', fields: [{ key: 'name', label: 'Assessor', value: assessor }], focus: 0, error: null } };
  }
  if (!questionId) return { refused: 'open a question first' };
  if (!answer) return { refused: 'answer the question first (1–5, or Enter to confirm the proposal)' };
  const base = { kind, questionId, focus: 0, error: null };
  switch (kind) {
    case 'note':
      return { form: { ...base, title: `Note on ${questionId} (empty removes it)`, fields: [{ key: 'note', label: 'Note', value: answer.note ?? '' }] } };
    case 'link':
      return {
        form: {
          ...base,
          title: `Evidence link for ${questionId} (ticket, document, dashboard)`,
          fields: [
            { key: 'url', label: 'URL or path', value: '', placeholder: 'https://…' },
            { key: 'title', label: 'Title (optional)', value: '' },
          ],
        },
      };
    case 'owner-due':
      if (!isGap(answer.state)) return { refused: `only a gap (partial, no, unknown) takes an owner and a due date; this one is "${answer.state}"` };
      return {
        form: {
          ...base,
          title: `Who closes the gap in ${questionId}, and by when?`,
          fields: [
            { key: 'owner', label: 'Owner', value: answer.owner ?? '' },
            { key: 'due', label: 'Due (YYYY-MM-DD)', value: answer.due ?? '', placeholder: addDays(now, 30), placeholderIsDefault: true },
          ],
        },
      };
    case 'waiver':
      if (!isGap(answer.state)) return { refused: `only a gap (partial, no, unknown) can be waived; this one is "${answer.state}"` };
      return {
        form: {
          ...base,
          title: `Waive the gap in ${questionId}: justification, approver and expiry all required`,
          fields: [
            { key: 'justification', label: 'Justification', value: '' },
            { key: 'approver', label: 'Approver', value: '' },
            {
              key: 'expires',
              label: maxWaiverDays === null ? 'Expires (YYYY-MM-DD)' : `Expires (by ${addDays(now, maxWaiverDays)})`,
              value: '',
              placeholder: addDays(now, Math.min(DEFAULT_WAIVER_DAYS, maxWaiverDays ?? DEFAULT_WAIVER_DAYS)),
              placeholderIsDefault: true,
            },
          ],
        },
      };
  }
}

export type SubmitResult = { ok: true; assessment: Assessment; assessor?: string; message: string } | { ok: false; error: string };

function value(form: FormState, key: string): string {
  const f = form.fields.find((x) => x.key === key);
  if (!f) return '';
  return f.value.trim() === '' && f.placeholderIsDefault && f.placeholder ? f.placeholder : f.value;
}

/** Run the form's operation; a refused change comes back as the error to show. */
export function submitForm(form: FormState, assessment: Assessment, actor: Actor, maxWaiverDays: number | null = null): SubmitResult {
  try {
    const q = form.questionId ?? '';
    switch (form.kind) {
      case 'assessor': {
        const name = value(form, 'name').trim();
        if (name === '') return { ok: false, error: 'the assessor needs a name' };
        return { ok: true, assessment, assessor: name, message: `${name} is answering now` };
      }
      case 'note':
        return { ok: true, assessment: setNote(assessment, q, value(form, 'note'), actor), message: 'note saved' };
      case 'link': {
        const title = value(form, 'title');
        return { ok: true, assessment: addEvidence(assessment, q, { kind: 'link', url: value(form, 'url'), ...(title.trim() && { title }) }, actor), message: 'link added as evidence' };
      }
      case 'owner-due': {
        const owner = value(form, 'owner').trim();
        const due = value(form, 'due').trim();
        return {
          ok: true,
          assessment: setOwnerDue(assessment, q, { owner: owner === '' ? null : owner, due: due === '' ? null : due }, actor),
          message: owner || due ? `owner ${owner || '(none)'}, due ${due || '(none)'}` : 'owner and due date removed',
        };
      }
      case 'waiver':
        return {
          ok: true,
          assessment: grantWaiver(assessment, q, { justification: value(form, 'justification'), approver: value(form, 'approver'), expires: value(form, 'expires').trim(), maxDays: maxWaiverDays }, actor),
          message: `waiver recorded until ${value(form, 'expires').trim()}`,
        };
    }
  } catch (error) {
    if (error instanceof AnswerError) return { ok: false, error: error.message };
    throw error;
  }
}
