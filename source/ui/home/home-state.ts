import type { GateThreshold, Verdict } from '../../assessment/score.js';
import { helpEntries } from '../keys/table.js';
import { applyEdit, type EditOp, type LineEdit } from '../state/line-edit.js';
import type { FormField } from '../state/types.js';
import { HOME_KEYS } from './home-keys.js';

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
  /** Percent of the applicable questions a person has confirmed (detection's proposals do not count). */
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

export type HomeResult =
  { kind: 'start' } | { kind: 'resume'; path: string; landing: 'question' | 'preview' | 'export' } | { kind: 'quit' };

interface HomeForm {
  title: string;
  fields: FormField[];
  focus: number;
  error: string | null;
}

export interface HomeState {
  recents: RecentRow[];
  cursor: number;
  settings: Settings;
  form: HomeForm | null;
  /** Set when the settings form was saved; the App persists it and clears it. */
  pendingSettings: Settings | null;
  message: string | null;
  help: { open: boolean; offset: number };
  size: { columns: number; rows: number };
  result: HomeResult | null;
}

export type HomeAction =
  | { type: 'move'; delta: number }
  | { type: 'move-to'; where: 'first' | 'last' }
  | { type: 'activate' }
  | { type: 'open'; landing: 'question' | 'preview' | 'export' }
  | { type: 'field-input'; text: string }
  | { type: 'field-edit'; op: EditOp }
  | { type: 'form-focus'; delta: 1 | -1 }
  | { type: 'form-submit' }
  | { type: 'form-cancel' }
  | { type: 'settings-saved' }
  | { type: 'toggle-help' }
  | { type: 'help-scroll'; delta: number }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'quit' };

/** Rows for the body: the message line and the footer take two, two more stay free (ink#382: a frame as tall as the screen flickers). */
export function homeBodyHeight(size: { rows: number }): number {
  return Math.max(8, size.rows) - 4;
}

const THRESHOLDS: readonly GateThreshold[] = ['blocker', 'high', 'medium'];

/** Rows: start, each recent assessment, settings. */
export function homeRows(state: HomeState): ({ kind: 'start' } | { kind: 'recent'; row: RecentRow } | { kind: 'settings' })[] {
  return [{ kind: 'start' }, ...state.recents.map((row) => ({ kind: 'recent' as const, row })), { kind: 'settings' }];
}

export function initHomeState(recents: RecentRow[], settings: Settings, size = { columns: 80, rows: 24 }): HomeState {
  return {
    recents,
    cursor: recents.some((r) => r.local && !r.problem) ? 1 : 0,
    settings,
    form: null,
    pendingSettings: null,
    message: null,
    help: { open: false, offset: 0 },
    size,
    result: null,
  };
}

function settingsForm(s: Settings): HomeForm {
  return {
    title: 'Settings',
    fields: [
      { key: 'userName', label: 'Your name', value: s.userName },
      { key: 'defaultChecklist', label: 'Default checklist', value: s.defaultChecklist, placeholder: 'the shipped checklist' },
      { key: 'gateThreshold', label: 'Gate threshold (blocker|high|medium)', value: s.gateThreshold },
    ],
    focus: 0,
    error: null,
  };
}

function selectedRecent(state: HomeState): RecentRow | null {
  const row = homeRows(state)[state.cursor];
  return row?.kind === 'recent' ? row.row : null;
}

function edit(state: HomeState, change: LineEdit): HomeState {
  if (!state.form) return state;
  const focus = state.form.focus;
  const fields = state.form.fields.map((f, i) => (i === focus ? { ...f, ...applyEdit(f, change) } : f));
  return { ...state, form: { ...state.form, fields, error: null } };
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
      if (row.kind === 'settings') return { ...state, form: settingsForm(state.settings), message: null };
      return homeReduce(state, { type: 'open', landing: 'question' });
    }
    case 'open': {
      const r = selectedRecent(state);
      if (!r) return { ...state, message: 'choose an assessment first (↑↓)' };
      if (r.problem) return { ...state, message: `cannot open ${r.shown}: ${r.problem}` };
      return { ...state, result: { kind: 'resume', path: r.path, landing: action.landing } };
    }
    case 'field-input':
      return edit(state, { insert: action.text });
    case 'field-edit':
      return edit(state, { op: action.op });
    case 'form-focus': {
      if (!state.form) return state;
      const n = state.form.fields.length;
      return { ...state, form: { ...state.form, focus: (state.form.focus + action.delta + n) % n } };
    }
    case 'form-submit': {
      if (!state.form) return state;
      if (state.form.focus < state.form.fields.length - 1) return { ...state, form: { ...state.form, focus: state.form.focus + 1 } };
      const value = (key: string) => state.form?.fields.find((f) => f.key === key)?.value.trim() ?? '';
      const gate = value('gateThreshold');
      const gateThreshold = THRESHOLDS.find((t) => t === gate);
      if (!gateThreshold)
        return { ...state, form: { ...state.form, error: `gate threshold must be blocker, high or medium, not "${gate}"` } };
      const settings = { userName: value('userName'), defaultChecklist: value('defaultChecklist'), gateThreshold };
      return { ...state, settings, pendingSettings: settings, form: null, message: 'settings saved' };
    }
    case 'form-cancel':
      return state.form ? { ...state, form: null, message: 'settings unchanged' } : state;
    case 'settings-saved':
      return { ...state, pendingSettings: null };
    case 'toggle-help':
      return { ...state, help: { open: !state.help.open, offset: 0 } };
    case 'help-scroll': {
      const max = Math.max(0, helpEntries(HOME_KEYS, 'home').length - (homeBodyHeight(state.size) - 2));
      return { ...state, help: { ...state.help, offset: Math.max(0, Math.min(max, state.help.offset + action.delta)) } };
    }
    case 'resize':
      return { ...state, size: { columns: action.columns, rows: action.rows } };
    case 'quit':
      return { ...state, result: { kind: 'quit' } };
  }
}
