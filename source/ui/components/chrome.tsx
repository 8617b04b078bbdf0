import { Box, Text } from 'ink';
import { footerHints, helpEntries, type KeyMode } from '../keys/table.js';
import { SCREENS } from '../screens/registry.js';
import { progressOf, progressWords, type Progress } from '../state/derive.js';
import type { WizardState } from '../state/types.js';
import { MESSAGE_LOOK, useTheme } from '../theme.js';
import { WIZARD_KEYS } from '../wizard-keys.js';
import { Lines, line, seg, type Line } from './lines.js';

const SAVE_WORDS = { clean: '', saving: '… saving', saved: '✔ saved', failed: '✘ NOT SAVED' } as const;

/** The progress words, shorter, for a header that would not fit the terminal otherwise. */
function shortProgress(p: Progress): string {
  return `${p.confirmed} confirmed · ${p.proposed} prop. · ${p.open} open`;
}

/**
 * Name, screen, where the review stands (confirmed by a person · proposed by
 * detection · open), whether it is saved, who is answering. On a narrow terminal
 * the brand goes first, then the progress words shorten; the save state always
 * comes before the (long, variable) assessor name so "NOT SAVED" is never cut.
 */
export function Header({ state }: { state: WizardState }) {
  const { width } = useTheme();
  const saveTone = state.save.status === 'failed' ? 'red' : state.save.status === 'saved' ? 'green' : 'gray';
  const progress = state.scope.confirmed ? progressOf(state) : null;
  const save = SAVE_WORDS[state.save.status] ? ` · ${SAVE_WORDS[state.save.status]}` : '';
  const name = state.assessment.name;
  const screen = ` · ${SCREENS[state.screen].title}`;
  const long = progress ? ` · ${progressWords(progress)}` : '';
  const short = progress ? ` · ${shortProgress(progress)}` : '';
  // Most to least: the brand goes first, then the screen's name (each screen names itself in its body), then words.
  const options = [
    { brand: true, screen, words: long },
    { brand: false, screen, words: long },
    { brand: false, screen: '', words: long },
    { brand: false, screen: '', words: short },
  ];
  const tail = `${save} · ✎ ${state.assessor}`;
  const fits = (o: (typeof options)[number]) => [...`${o.brand ? 'shipshape · ' : ''}${name}${o.screen}${o.words}${tail}`].length <= width;
  const chosen = options.find(fits) ?? options.at(-1)!;
  return (
    <Lines
      lines={[
        line(
          seg(chosen.brand ? 'shipshape' : '', { bold: true, tone: 'cyan' }),
          seg(`${chosen.brand ? ' · ' : ''}${name}${chosen.screen}`),
          seg(chosen.words),
          seg(save, { tone: saveTone }),
          seg(` · ✎ ${state.assessor}`, { bold: true }),
        ),
      ]}
    />
  );
}

export function MessageLine({ state }: { state: WizardState }) {
  if (state.notice !== null) {
    const look = MESSAGE_LOOK.warning;
    return (
      <Lines
        lines={[line(seg(`${look.mark} ${state.notice}`, { tone: look.tone, bold: true }), seg(' — Enter or Esc to go on', { dim: true }))]}
      />
    );
  }
  const m = state.message;
  if (!m) return <Text> </Text>;
  const look = MESSAGE_LOOK[m.tone];
  return <Lines lines={[line(seg(`${look.mark} ${m.text}`, { tone: look.tone }))]} />;
}

export function Footer({ mode }: { mode: KeyMode }) {
  return (
    <Box>
      <Lines lines={[line(seg(footerHints(WIZARD_KEYS, mode).join('  '), { dim: true }))]} />
    </Box>
  );
}

/** Every key of this screen, of a form, and the global ones; scrollable when the terminal is short. */
export function HelpOverlay({ state, height }: { state: WizardState; height: number }) {
  const entries = helpEntries(WIZARD_KEYS, state.screen);
  const keyWidth = Math.max(...entries.map((e) => e.keys.length)) + 2;
  const room = Math.max(1, height - 2);
  const shown = entries.slice(state.help.offset, state.help.offset + room);
  const out: Line[] = [
    line(
      seg('Keys', { bold: true }),
      seg(entries.length > room ? `  (${state.help.offset + 1}–${state.help.offset + shown.length} of ${entries.length}, ↑↓ scroll)` : '', {
        dim: true,
      }),
    ),
    [],
  ];
  for (const e of shown)
    out.push(
      e.heading ? line(seg(e.does, { bold: true, tone: 'cyan' })) : line(seg(`  ${e.keys.padEnd(keyWidth)}`, { bold: true }), seg(e.does)),
    );
  return <Lines lines={out} height={height} />;
}
