import { Lines, line, seg, type Line } from '../../components/lines.js';
import { score } from '../../state/derive.js';
import type { ScreenProps } from '../screen.js';

/** Writes the dossier (markdown and JSON) next to the assessment and says where. */
export function ExportView({ state, height, now }: ScreenProps) {
  const e = state.exported;
  const out: Line[] = [line(seg('Export', { bold: true }))];
  if (e.status === 'writing' || e.status === 'idle') out.push(line('Writing the dossier…'));
  else if (e.status === 'failed') out.push(line(seg('✘ The dossier was not written', { tone: 'red', bold: true })), line(e.error ?? ''));
  else if (e.paths) {
    const r = score(state, now);
    out.push(
      line(seg('✔ Dossier written', { tone: 'green', bold: true })),
      [],
      line('  markdown  ', seg(e.paths.markdown, { bold: true })),
      line('  JSON      ', seg(e.paths.json, { bold: true })),
      [],
      line(`Verdict: ${r.verdict} · score ${r.score ?? '—'} · ${r.progress.answered}/${r.progress.applicable} answered`),
      line(seg('Check it later with:', { dim: true })),
      line('  ', seg(`shipshape verify ${e.paths.markdown}`, { bold: true })),
      line(seg('Gate CI on this review with `shipshape check`.', { dim: true })),
    );
  }
  out.push([], line(seg('Enter or Esc: back', { dim: true })));
  return <Lines lines={out} height={height} />;
}
