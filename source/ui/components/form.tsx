import { visibleAround } from '../state/line-edit.js';
import type { FormState } from '../state/types.js';
import { line, seg, type Line } from './lines.js';

/** What a form shows: the wizard's answer forms and the home screen's settings alike. */
export type FormView = Pick<FormState, 'title' | 'fields' | 'focus' | 'error'>;

/**
 * A form as body rows: title, one row per field (the focused one showing its
 * caret, scrolled to keep it in view), the error if any, and how to edit a field
 * (from the key table; saving and cancelling are in the footer).
 */
export function FormLines(form: FormView, width: number, hints: readonly string[]): Line[] {
  const out: Line[] = [line(seg(`✎ ${form.title}`, { bold: true, tone: 'cyan' }))];
  const labelWidth = Math.max(...form.fields.map((f) => f.label.length)) + 2;
  form.fields.forEach((f, i) => {
    const focused = i === form.focus;
    const head = [seg(focused ? '▸ ' : '  '), seg(`${f.label}:`.padEnd(labelWidth), { bold: focused })];
    if (f.value === '' && f.placeholder) {
      out.push(
        line(
          ...head,
          seg(focused ? ' ' : '', { inverse: true }),
          seg(`${f.placeholder}${f.placeholderIsDefault ? ' (Enter keeps it)' : ''}`, { dim: true }),
        ),
      );
    } else if (focused) {
      const { before, under, after } = visibleAround(f, width - 2 - labelWidth);
      out.push(line(...head, seg(before), seg(under, { inverse: true }), seg(after)));
    } else {
      out.push(line(...head, seg(f.value)));
    }
  });
  if (form.error) out.push(line(seg(`✘ ${form.error}`, { tone: 'red' })));
  out.push(line(seg(hints.join(' · '), { dim: true })));
  return out;
}
