import { Lines, line, seg, type Line } from '../../components/lines.js';
import { previewPage } from './preview-state.js';
import type { ScreenProps } from '../screen.js';

/** The dossier, windowed to the terminal: never one frame taller than the screen (ink#382). */
export function PreviewView({ state, height }: ScreenProps) {
  const p = state.preview;
  if (p.status === 'loading' || p.status === 'idle') return <Lines lines={[line('Rendering the dossier…')]} />;
  if (p.status === 'failed') return <Lines lines={[line(seg('✘ Could not render the dossier', { tone: 'red', bold: true })), line(p.error ?? '')]} />;
  const size = Math.min(previewPage(state), height - 1);
  const shown = p.lines.slice(p.offset, p.offset + size);
  const end = Math.min(p.lines.length, p.offset + size);
  const pct = p.lines.length === 0 ? 100 : Math.round((end / p.lines.length) * 100);
  const out: Line[] = [
    line(seg(`Dossier preview · lines ${p.lines.length === 0 ? 0 : p.offset + 1}–${end} of ${p.lines.length} (${pct}%)`, { dim: true })),
    ...shown.map((l) => [seg(l, { raw: true })]),
  ];
  return <Lines lines={out} height={height} />;
}
