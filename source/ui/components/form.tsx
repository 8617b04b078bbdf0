import type { FormState } from '../state/types.js';
import { line, seg, type Line } from './lines.js';

/** A form as body rows: title, one row per field (the focused one with a cursor), the error if any, the keys. */
export function FormLines(form: FormState): Line[] {
  const out: Line[] = [line(seg(`✎ ${form.title}`, { bold: true, tone: 'cyan' }))];
  const labelWidth = Math.max(...form.fields.map((f) => f.label.length)) + 2;
  form.fields.forEach((f, i) => {
    const focused = i === form.focus;
    const shown = f.value === '' && f.placeholder ? seg(`${f.placeholder}${f.placeholderIsDefault ? ' (Enter keeps it)' : ''}`, { dim: true }) : seg(f.value);
    out.push(line(seg(focused ? '▸ ' : '  '), seg(`${f.label}:`.padEnd(labelWidth), { bold: focused }), shown, seg(focused ? '▌' : '', { dim: true })));
  });
  if (form.error) out.push(line(seg(`✘ ${form.error}`, { tone: 'red' })));
  out.push(line(seg('Enter next/save · Tab next field · Esc cancel', { dim: true })));
  return out;
}
