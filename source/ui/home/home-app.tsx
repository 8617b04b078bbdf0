import { Box } from 'ink';
import { useEffect, useReducer } from 'react';
import { Lines, line, seg, type Line } from '../components/lines.js';
import { footerHints, helpEntries } from '../keys/bindings.js';
import { KeyProvider, useKeyHandler } from '../keys/key-provider.js';
import { windowStart } from '../text.js';
import { ThemeContext } from '../theme.js';
import { SETTINGS_LABELS, homeReduce, homeRows, type HomeAction, type HomeResult, type HomeState, type Settings } from './home-state.js';

export interface HomeAppProps {
  initial: HomeState;
  repoLabel: string;
  color: boolean;
  size: { columns: number; rows: number };
  saveSettings(settings: Settings): void;
  onDone(result: HomeResult): void;
}

const VERDICT = { ready: '✔ ready', 'ready with conditions': '◐ ready with conditions', 'not ready': '✘ not ready' } as const;

/** Keys → home actions; dispatch only. */
function useHomeKeys(dispatch: (a: HomeAction) => void) {
  useKeyHandler('home', (c) => {
    const map: Partial<Record<string, HomeAction>> = {
      up: { type: 'move', delta: -1 },
      down: { type: 'move', delta: 1 },
      'page-up': { type: 'move', delta: -10 },
      'page-down': { type: 'move', delta: 10 },
      top: { type: 'move-to', where: 'first' },
      bottom: { type: 'move-to', where: 'last' },
      select: { type: 'activate' },
      preview: { type: 'open', landing: 'preview' },
      export: { type: 'open', landing: 'export' },
    };
    const a = typeof c === 'string' ? map[c] : undefined;
    if (a) dispatch(a);
  });
  useKeyHandler('global', (c) => {
    if (c === 'help') dispatch({ type: 'toggle-help' });
    else if (c === 'quit' || c === 'interrupt') dispatch({ type: 'quit' });
  });
  useKeyHandler('help', (c) => {
    if (c === 'help') dispatch({ type: 'toggle-help' });
    else if (c === 'quit') dispatch({ type: 'quit' });
  });
  useKeyHandler('text', (c) => {
    if (typeof c !== 'string') return dispatch({ type: 'form-input', text: c.insert });
    if (c === 'submit') dispatch({ type: 'form-submit' });
    else if (c === 'cancel') dispatch({ type: 'form-cancel' });
    else if (c === 'next-field') dispatch({ type: 'form-focus', delta: 1 });
    else if (c === 'prev-field') dispatch({ type: 'form-focus', delta: -1 });
    else if (c === 'delete-char') dispatch({ type: 'form-backspace' });
    else if (c === 'interrupt') dispatch({ type: 'quit' });
  });
}

function body(state: HomeState, repoLabel: string, width: number, height: number): Line[] {
  if (state.help) return [line(seg('Keys', { bold: true })), ...helpEntries('home').map((e) => (e.heading ? line(seg(e.does, { bold: true })) : line(seg(`  ${e.keys.padEnd(22)}`, { bold: true }), seg(e.does))))];
  const out: Line[] = [line(seg('shipshape', { bold: true, tone: 'cyan' }), seg(` · production-readiness review of ${repoLabel}`)), []];
  if (state.form) {
    out.push(line(seg('Settings', { bold: true })));
    state.form.fields.forEach((v, i) => out.push(line(seg(i === state.form!.focus ? '▸ ' : '  '), seg(`${SETTINGS_LABELS[i]}: `, { bold: i === state.form!.focus }), seg(v), seg(i === state.form!.focus ? '▌' : '', { dim: true }))));
    if (state.form.error) out.push(line(seg(`✘ ${state.form.error}`, { tone: 'red' })));
    return out;
  }
  const rows = homeRows(state);
  const room = Math.max(3, height - out.length);
  const start = windowStart(state.cursor, rows.length, room);
  rows.slice(start, start + room).forEach((r, k) => {
    const selected = start + k === state.cursor;
    const mark = seg(selected ? '▸ ' : '  ');
    if (r.kind === 'start') out.push(line(mark, seg('+ Start a new assessment', { inverse: selected, bold: true })));
    else if (r.kind === 'settings') out.push(line(mark, seg(`⚙ Settings  (name: ${state.settings.userName || '—'}, checklist: ${state.settings.defaultChecklist || 'default'}, gate: ${state.settings.gateThreshold})`, { inverse: selected })));
    else {
      const x = r.row;
      const facts = x.problem ? `✘ ${x.problem}` : `${x.progress === null ? '—' : `${Math.round(x.progress)}%`} · ${x.verdict ? VERDICT[x.verdict] : '—'} · ${x.checklist} · saved ${x.updatedAt.slice(0, 16).replace('T', ' ')}`;
      // An assessment of another repository says so first: Enter would open that repository's review.
      out.push(line(mark, seg(`↺ ${x.name}`, { inverse: selected, bold: true }), seg(x.local ? '' : `  other repo: ${x.shown}`, { tone: 'yellow' }), seg(`  ${facts}`, { dim: !selected })));
    }
  });
  if (state.recents.length === 0) out.push([], line(seg('No saved assessments here yet.', { dim: true })));
  void width;
  return out;
}

export function HomeApp({ initial, repoLabel, color, size, saveSettings, onDone }: HomeAppProps) {
  const [state, dispatch] = useReducer(homeReduce, initial);
  useEffect(() => {
    if (!state.pendingSettings) return;
    saveSettings(state.pendingSettings);
    dispatch({ type: 'settings-saved' });
  }, [state.pendingSettings, saveSettings]);
  useEffect(() => {
    if (state.result) onDone(state.result);
  }, [state.result, onDone]);
  const height = Math.max(8, size.rows) - 4;
  const mode = { screen: 'home' as const, typing: state.form !== null, helpOpen: state.help };
  return (
    <ThemeContext.Provider value={{ color, width: Math.max(40, size.columns) }}>
      <KeyProvider mode={mode} isActive>
        <Keys dispatch={dispatch} />
        <Box flexDirection="column" width={Math.max(40, size.columns)}>
          <Box height={height} flexDirection="column" overflow="hidden">
            <Lines lines={body(state, repoLabel, size.columns, height)} height={height} />
          </Box>
          <Lines lines={[line(seg(state.message ? `· ${state.message}` : ' ', { tone: 'cyan' }))]} />
          <Lines lines={[line(seg(footerHints(mode).join('  '), { dim: true }))]} />
        </Box>
      </KeyProvider>
    </ThemeContext.Provider>
  );
}

function Keys({ dispatch }: { dispatch: (a: HomeAction) => void }) {
  useHomeKeys(dispatch);
  return null;
}
