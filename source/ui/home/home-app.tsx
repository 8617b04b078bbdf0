import { Box } from 'ink';
import { useCallback, useEffect, useMemo, useReducer } from 'react';
import { FormLines } from '../components/form.js';
import { Lines, line, seg, type Line } from '../components/lines.js';
import { SelectList, type ListRow } from '../components/select-list.js';
import { useTerminalSize } from '../effects/use-terminal-size.js';
import { footerHints, helpEntries, type KeyMode } from '../keys/table.js';
import { hintsOf } from '../keys/keys.js';
import { useKeyRouter } from '../keys/use-key-router.js';
import { ThemeContext } from '../theme.js';
import { HOME_KEYS, homeCommandAction } from './home-keys.js';
import { homeBodyHeight, homeReduce, homeRows, type HomeResult, type HomeState, type Settings } from './home-state.js';

export interface HomeAppProps {
  initial: HomeState;
  repoLabel: string;
  color: boolean;
  saveSettings(settings: Settings): void;
  onDone(result: HomeResult): void;
}

const VERDICT = { ready: '✔ ready', 'ready with conditions': '◐ ready with conditions', 'not ready': '✘ not ready' } as const;

function helpLines(state: HomeState, height: number): Line[] {
  const entries = helpEntries(HOME_KEYS, 'home');
  const keyWidth = Math.max(...entries.map((e) => e.keys.length)) + 2;
  const shown = entries.slice(state.help.offset, state.help.offset + Math.max(1, height - 1));
  return [
    line(seg('Keys', { bold: true })),
    ...shown.map((e) =>
      e.heading ? line(seg(e.does, { bold: true, tone: 'cyan' })) : line(seg(`  ${e.keys.padEnd(keyWidth)}`, { bold: true }), seg(e.does)),
    ),
  ];
}

function rowsOf(state: HomeState): ListRow[] {
  return homeRows(state).map((r) => {
    if (r.kind === 'start') return { key: 'start', line: line(seg('+ Start a new assessment', { mark: true, bold: true })) };
    if (r.kind === 'settings') {
      const s = state.settings;
      return {
        key: 'settings',
        line: line(
          seg(`⚙ Settings  (name: ${s.userName || '—'}, checklist: ${s.defaultChecklist || 'default'}, gate: ${s.gateThreshold})`, {
            mark: true,
          }),
        ),
      };
    }
    const x = r.row;
    const facts = x.problem
      ? `✘ ${x.problem}`
      : `${x.progress === null ? '—' : `${Math.round(x.progress)}% confirmed`} · ${x.verdict ? VERDICT[x.verdict] : '—'} · ${x.checklist} · saved ${x.updatedAt.slice(0, 16).replace('T', ' ')}`;
    // An assessment of another repository says so first: Enter would open that repository's review.
    return {
      key: x.path,
      line: line(
        seg(`↺ ${x.name}`, { mark: true, bold: true }),
        seg(x.local ? '' : `  other repo: ${x.shown}`, { tone: 'yellow' }),
        seg(`  ${facts}`, { dim: true }),
      ),
    };
  });
}

/** `shipshape` in a repository: start, resume one of the recent assessments, preview or export one, or change the settings. */
export function HomeApp({ initial, repoLabel, color, saveSettings, onDone }: HomeAppProps) {
  const [state, dispatch] = useReducer(homeReduce, initial);
  useEffect(() => {
    if (!state.pendingSettings) return;
    saveSettings(state.pendingSettings);
    dispatch({ type: 'settings-saved' });
  }, [state.pendingSettings, saveSettings]);
  useEffect(() => {
    if (state.result) onDone(state.result);
  }, [state.result, onDone]);
  useTerminalSize(useCallback((size: { columns: number; rows: number }) => dispatch({ type: 'resize', ...size }), []));
  const clock = useCallback(() => new Date(), []);
  const mode: KeyMode = useMemo(
    () => ({ screen: 'home', form: state.form !== null, help: state.help.open, notice: false }),
    [state.form, state.help.open],
  );
  useKeyRouter({ table: HOME_KEYS, mode, isActive: true, commandAction: homeCommandAction, dispatch, clock });

  const width = Math.max(40, state.size.columns);
  const height = homeBodyHeight(state.size);
  const title: Line[] = [line(seg('shipshape', { bold: true, tone: 'cyan' }), seg(` · production-readiness review of ${repoLabel}`)), []];
  let body;
  if (state.help.open) body = <Lines lines={helpLines(state, height)} height={height} />;
  else if (state.form) body = <Lines lines={[...title, ...FormLines(state.form, width, hintsOf(HOME_KEYS.field))]} height={height} />;
  else {
    const empty: Line[] = state.recents.length === 0 ? [[], line(seg('No saved assessments here yet.', { dim: true }))] : [];
    body = (
      <Box flexDirection="column">
        <Lines lines={title} />
        <SelectList rows={rowsOf(state)} cursor={state.cursor} height={Math.max(3, height - title.length - empty.length)} />
        <Lines lines={empty} />
      </Box>
    );
  }
  return (
    <ThemeContext.Provider value={{ color, width }}>
      <Box flexDirection="column" width={width}>
        <Box height={height} flexDirection="column" overflow="hidden">
          {body}
        </Box>
        <Lines lines={[line(seg(state.message ? `· ${state.message}` : ' ', { tone: 'cyan' }))]} />
        <Lines lines={[line(seg(footerHints(HOME_KEYS, mode).join('  '), { dim: true }))]} />
      </Box>
    </ThemeContext.Provider>
  );
}
