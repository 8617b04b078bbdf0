import type { GateThreshold, Verdict } from '../../assessment/score.js';

/**
 * The home screen (`shipshape` in a repository) as a pure reducer: pick start,
 * one of the recent assessments (resume, preview, export), or the settings form.
 * Choosing ends the home screen with a result; the command layer acts on it.
 */

export interface RecentRow {
  /** Absolute path: what resume opens. */
  path: string;
  /** As shown (relative to the current directory when inside it). */
  shown: string;
  name: string;
  checklist: string;
  progress: number | null;
  updatedAt: string;
  verdict: Verdict | null;
  /** Found in this repository's .shipshape/ (else only in the recent list). */
  local: boolean;
  /** Why it cannot be opened (unreadable, invalid…). */
  problem?: string;
}

export interface Settings {
  userName: string;
  defaultChecklist: string;
  gateThreshold: GateThreshold;
}

export type HomeResult = { kind: 'start' } | { kind: 'resume'; path: string; landing: 'question' | 'preview' | 'export' } | { kind: 'quit' };

export interface HomeState {
  recents: RecentRow[];
  cursor: number;
  settings: Settings;
  form: { fields: [string, string, string]; focus: number; error: string | null } | null;
  /** Set when the settings form was saved; the App persists it and clears it. */
  pendingSettings: Settings | null;
  message: string | null;
  help: boolean;
  result: HomeResult | null;
}

export type HomeAction =
  | { type: 'move'; delta: number }
  | { type: 'move-to'; where: 'first' | 'last' }
  | { type: 'activate' }
  | { type: 'open'; landing: 'question' | 'preview' | 'export' }
  | { type: 'form-input'; text: string }
  | { type: 'form-backspace' }
  | { type: 'form-focus'; delta: 1 | -1 }
  | { type: 'form-submit' }
  | { type: 'form-cancel' }
  | { type: 'settings-saved' }
  | { type: 'toggle-help' }
  | { type: 'quit' };

export const SETTINGS_LABELS = ['Your name', 'Default checklist', 'Gate threshold (blocker|high|medium)'] as const;
const THRESHOLDS: readonly GateThreshold[] = ['blocker', 'high', 'medium'];

/** Rows: start, each recent assessment, settings. */
export function homeRows(state: HomeState): ({ kind: 'start' } | { kind: 'recent'; row: RecentRow } | { kind: 'settings' })[] {
  return [{ kind: 'start' }, ...state.recents.map((row) => ({ kind: 'recent' as const, row })), { kind: 'settings' }];
}

export function initHomeState(recents: RecentRow[], settings: Settings): HomeState {
  return { recents, cursor: recents.some((r) => r.local && !r.problem) ? 1 : 0, settings, form: null, pendingSettings: null, message: null, help: false, result: null };
}

function selectedRecent(state: HomeState): RecentRow | null {
  const row = homeRows(state)[state.cursor];
  return row?.kind === 'recent' ? row.row : null;
}

export function homeReduce(state: HomeState, action: HomeAction): HomeState {
  const rows = homeRows(state);
  switch (action.type) {
    case 'move':
      return { ...state, cursor: Math.max(0, Math.min(rows.length - 1, state.cursor + action.delta)), message: null };
    case 'move-to':
      return { ...state, cursor: action.where === 'first' ? 0 : rows.length - 1 };
    case 'activate': {
      const row = rows[state.cursor];
      if (!row) return state;
      if (row.kind === 'start') return { ...state, result: { kind: 'start' } };
      if (row.kind === 'settings') {
        const s = state.settings;
        return { ...state, form: { fields: [s.userName, s.defaultChecklist, s.gateThreshold], focus: 0, error: null } };
      }
      return homeReduce(state, { type: 'open', landing: 'question' });
    }
    case 'open': {
      const r = selectedRecent(state);
      if (!r) return { ...state, message: 'choose an assessment first (↑↓)' };
      if (r.problem) return { ...state, message: `cannot open ${r.shown}: ${r.problem}` };
      return { ...state, result: { kind: 'resume', path: r.path, landing: action.landing } };
    }
    case 'form-input': {
      if (!state.form) return state;
      const text = action.text.replace(/[\u0000-\u001f\u007f]/g, '');
      const fields = [...state.form.fields] as [string, string, string];
      fields[state.form.focus] += text;
      return { ...state, form: { ...state.form, fields, error: null } };
    }
    case 'form-backspace': {
      if (!state.form) return state;
      const fields = [...state.form.fields] as [string, string, string];
      fields[state.form.focus] = [...fields[state.form.focus]!].slice(0, -1).join('');
      return { ...state, form: { ...state.form, fields, error: null } };
    }
    case 'form-focus':
      return state.form ? { ...state, form: { ...state.form, focus: (state.form.focus + action.delta + 3) % 3 } } : state;
    case 'form-submit': {
      if (!state.form) return state;
      if (state.form.focus < 2) return { ...state, form: { ...state.form, focus: state.form.focus + 1 } };
      const [userName, defaultChecklist, gate] = state.form.fields.map((f) => f.trim()) as [string, string, string];
      const gateThreshold = THRESHOLDS.find((t) => t === gate);
      if (!gateThreshold) return { ...state, form: { ...state.form, error: `gate threshold must be blocker, high or medium, not "${gate}"` } };
      const settings = { userName, defaultChecklist, gateThreshold };
      return { ...state, settings, pendingSettings: settings, form: null, message: 'settings saved' };
    }
    case 'form-cancel':
      return { ...state, form: null };
    case 'settings-saved':
      return { ...state, pendingSettings: null };
    case 'toggle-help':
      return { ...state, help: !state.help };
    case 'quit':
      return { ...state, result: { kind: 'quit' } };
  }
}
