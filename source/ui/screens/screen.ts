import type { ComponentType } from 'react';
import type { Binding, Command } from '../keys/keys.js';
import type { LineText } from '../state/line-edit.js';
import type { WizardAction, WizardState } from '../state/types.js';
import type { ScreenId } from './registry.js';

/**
 * What a wizard screen is: its keys, what its commands do, how it behaves when
 * entered, moved in and activated, and its view. Each screen folder exports its
 * behaviour (x-state.ts) and its View (x-view.tsx); registry.ts pairs them. The
 * reducer, the key table, the footer and the help overlay read the registry and
 * know no screen by name. The view imports from its state file, never the
 * other way round.
 */

/** What every screen view gets: the state to draw, the body's size, and the clock reading of this render. */
export interface ScreenProps {
  state: WizardState;
  width: number;
  height: number;
  now: Date;
}

/** Navigation the reducer lends a screen (screens never import the reducer: no cycle). */
export interface Nav {
  go(state: WizardState, screen: ScreenId): WizardState;
  back(state: WizardState): WizardState;
  openQuestion(state: WizardState, id: string): WizardState;
  /** Where a resumed review goes once its scan is in. */
  land(state: WizardState): WizardState;
  reduce(state: WizardState, action: WizardAction): WizardState;
}

/** A screen whose body is a list: where its cursor lives and how long the list is now. */
export interface ScreenList {
  length(state: WizardState, now: Date): number;
  cursor(state: WizardState): number;
  setCursor(state: WizardState, cursor: number): WizardState;
  /** Rows one page key moves (default: the body's height less three). */
  page?(state: WizardState): number;
}

/** The command → action table of a screen: pure, one entry per command it handles. */
export type CommandTable = Partial<Record<Command, (now: Date) => WizardAction>>;

export interface ScreenDef {
  title: string;
  /** A key that opens the screen from anywhere (once the scope is confirmed). */
  opens?: { key: string; does: string };
  /** The screen has a text box: printable keys type into it. */
  text?: { get(state: WizardState): LineText; set(state: WizardState, text: LineText): WizardState };
  bindings: readonly Binding[];
  commands: CommandTable;
  /** The state a screen starts from each time it is entered. */
  onEnter?(state: WizardState): WizardState;
  list?: ScreenList;
  /** Page keys, where they page something other than the list (the question's evidence). */
  onPage?(state: WizardState, delta: 1 | -1): WizardState;
  /** Enter (the `activate` action). */
  activate?(state: WizardState, now: Date, nav: Nav): WizardState;
  View: ComponentType<ScreenProps>;
}

/** A screen's behaviour, as its x-state.ts exports it; the registry pairs it with the view. */
export type ScreenBehaviour = Omit<ScreenDef, 'View'>;

/** The cursor of a plain list screen, kept in state.cursor under the screen's id. */
export function cursorOf(id: ScreenId, length: ScreenList['length'], page?: ScreenList['page']): ScreenList {
  return {
    length,
    cursor: (state) => state.cursor[id] ?? 0,
    setCursor: (state, cursor) => ({ ...state, cursor: { ...state.cursor, [id]: cursor } }),
    ...(page && { page }),
  };
}

/** The list keys every list screen shares. */
export const LIST_COMMANDS: CommandTable = {
  up: (now) => ({ type: 'move', delta: -1, now }),
  down: (now) => ({ type: 'move', delta: 1, now }),
  'page-up': (now) => ({ type: 'page', delta: -1, now }),
  'page-down': (now) => ({ type: 'page', delta: 1, now }),
  top: (now) => ({ type: 'move-to', where: 'first', now }),
  bottom: (now) => ({ type: 'move-to', where: 'last', now }),
  select: (now) => ({ type: 'activate', now }),
};

/** Editing a screen's own text box (the search): the same text-field reducer as every form field. */
export const FIELD_COMMANDS: CommandTable = {
  'delete-char': () => ({ type: 'field-edit', op: 'backspace' }),
  'caret-left': () => ({ type: 'field-edit', op: 'left' }),
  'caret-right': () => ({ type: 'field-edit', op: 'right' }),
  'line-start': () => ({ type: 'field-edit', op: 'home' }),
  'line-end': () => ({ type: 'field-edit', op: 'end' }),
  'kill-line-start': () => ({ type: 'field-edit', op: 'kill-start' }),
  'kill-word': () => ({ type: 'field-edit', op: 'kill-word' }),
};
