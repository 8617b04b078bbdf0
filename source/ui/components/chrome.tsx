import { Box, Text } from 'ink';
import { footerHints, helpEntries, type KeyMode } from '../keys/bindings.js';
import { score } from '../state/derive.js';
import type { WizardState } from '../state/types.js';
import { MESSAGE_LOOK } from '../theme.js';
import { Lines, line, seg, type Line } from './lines.js';

const SCREEN_TITLES = { scope: 'Scope', scan: 'Scan', sections: 'Sections', question: 'Question', review: 'Review', search: 'Search', preview: 'Preview', export: 'Export' } as const;
const SAVE_WORDS = { clean: '', saving: '… saving', saved: '✔ saved', failed: '✘ NOT SAVED' } as const;

export function Header({ state, now }: { state: WizardState; now: Date }) {
  const p = state.scope.confirmed ? score(state, now).progress.percent : null;
  const saveTone = state.save.status === 'failed' ? 'red' : state.save.status === 'saved' ? 'green' : 'gray';
  return (
    <Lines
      lines={[
        line(
          seg('shipshape', { bold: true, tone: 'cyan' }),
          seg(` · ${state.assessment.name} · ${SCREEN_TITLES[state.screen]}`),
          seg(p === null ? '' : ` · ${Math.round(p)}% done`),
          // The save state comes before the (long, variable) assessor name so a narrow terminal never cuts "NOT SAVED".
          seg(SAVE_WORDS[state.save.status] ? ` · ${SAVE_WORDS[state.save.status]}` : '', { tone: saveTone }),
          seg(` · ✎ ${state.assessor}`, { bold: true }),
        ),
      ]}
    />
  );
}

export function MessageLine({ state }: { state: WizardState }) {
  if (state.notice !== null) {
    const look = MESSAGE_LOOK.warning;
    return <Lines lines={[line(seg(`${look.mark} ${state.notice}`, { tone: look.tone, bold: true }), seg(' — Enter or Esc to go on', { dim: true }))]} />;
  }
  const m = state.message;
  if (!m) return <Text> </Text>;
  const look = MESSAGE_LOOK[m.tone];
  return <Lines lines={[line(seg(`${look.mark} ${m.text}`, { tone: look.tone }))]} />;
}

export function Footer({ mode }: { mode: KeyMode }) {
  return (
    <Box>
      <Lines lines={[line(seg(footerHints(mode).join('  '), { dim: true }))]} />
    </Box>
  );
}

/** Every key of this screen and the global ones, scrollable when the terminal is short. */
export function HelpOverlay({ state, height }: { state: WizardState; height: number }) {
  const entries = helpEntries(state.screen);
  const keyWidth = Math.max(...entries.map((e) => e.keys.length)) + 2;
  const room = Math.max(1, height - 2);
  const shown = entries.slice(state.help.offset, state.help.offset + room);
  const out: Line[] = [line(seg('Keys', { bold: true }), seg(entries.length > room ? `  (${state.help.offset + 1}–${state.help.offset + shown.length} of ${entries.length}, ↑↓ scroll)` : '', { dim: true })), []];
  for (const e of shown) out.push(e.heading ? line(seg(e.does, { bold: true, tone: 'cyan' })) : line(seg(`  ${e.keys.padEnd(keyWidth)}`, { bold: true }), seg(e.does)));
  return <Lines lines={out} height={height} />;
}
