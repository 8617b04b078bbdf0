import type { EditOp, LineText } from './line-edit.js';
import type { ScreenId } from '../screens/registry.js';
import type { AnswerState, Assessment } from '../../assessment/model.js';
import type { Proposal } from '../../assessment/propose.js';
import type { ReconcileFlag } from '../../assessment/reconcile.js';
import type { Checklist } from '../../checklist/schema.js';
import type { DataClass, Framework, Tier } from '../../checklist/scope.js';
import type { ScanProgress, ScanResult } from '../../detect/types.js';

/**
 * The wizard's whole state and every action that changes it. Pure data: the
 * reducer (wizard-state.ts) is the only code that makes a new state, and it does
 * no I/O. Times arrive inside actions so the reducer never reads a clock.
 */

export type { ScreenId };

/** start: scope → scan summary → sections. resume: scan → first open question. */
export type Flow = 'start' | 'resume';

export type FormKind = 'note' | 'link' | 'owner-due' | 'waiver' | 'assessor';

export interface FormField extends LineText {
  key: string;
  label: string;
  placeholder?: string;
  /** An empty field takes its placeholder on submit (a suggested date). */
  placeholderIsDefault?: boolean;
}

export interface FormState {
  kind: FormKind;
  title: string;
  /** The question the form edits (unset for the assessor form). */
  questionId?: string;
  fields: FormField[];
  focus: number;
  error: string | null;
}

export interface ScopeDraft {
  tier: Tier;
  data: DataClass[];
  ai: boolean;
  frameworks: Framework[];
  /** Set once the user changes AI use, so the llm.sdk signal no longer overrides it. */
  aiTouched: boolean;
  /** 0 tier, 1 data, 2 ai, 3 frameworks. */
  group: number;
  /** Highlighted row per group. */
  cursor: [number, number, number, number];
  confirmed: boolean;
}

type ScanStatus = 'running' | 'done' | 'failed';

interface ScanState {
  status: ScanStatus;
  progress: ScanProgress | null;
  result: ScanResult | null;
  error: string | null;
}

export interface Message {
  text: string;
  tone: 'info' | 'success' | 'warning' | 'error';
}

type SaveStatus = 'clean' | 'saving' | 'saved' | 'failed';

export interface WizardState {
  checklist: Checklist;
  assessment: Assessment;
  /** Who is answering now; recorded on every change. */
  assessor: string;
  flow: Flow;
  screen: ScreenId;
  /** Where Esc goes back to. */
  back: ScreenId[];
  /** Where the resume flow lands once the scan is done (preview/export from the home screen). */
  landing: 'question' | 'preview' | 'export';
  size: { columns: number; rows: number };
  help: { open: boolean; offset: number };
  form: FormState | null;
  message: Message | null;
  /**
   * A refusal that holds the keyboard until Enter or Esc (a form that cannot open):
   * whoever pressed `t` meant to type a note, and the letters that follow must not
   * run as commands (`c` confirms, `x` clears, `n` moves on).
   */
  notice: string | null;
  /** The repository policy's longest waiver in days (null: no limit); the waiver form enforces it. */
  maxWaiverDays: number | null;
  /**
   * Whether what the screen shows is on disk. `revision` counts changes to the
   * assessment (the reducer bumps it in the same step as the change, so no frame
   * can show a new answer beside an old "saved"); each save carries the revision
   * it wrote, and only the save of the newest one makes the status "saved".
   */
  save: { status: SaveStatus; error: string | null; revision: number };
  scan: ScanState;
  /** Detection's proposal per question id, from the latest scan. */
  proposals: ReadonlyMap<string, Proposal>;
  /** What reconcile found stale, per question id; cleared for a question once a person answers it again. */
  flags: ReadonlyMap<string, readonly ReconcileFlag[]>;
  /** Proposals were applied as detected answers (once per scan, after scope is confirmed). */
  prefilled: boolean;
  scope: ScopeDraft;
  /** The highlighted row of each list screen, by screen id. */
  cursor: Partial<Record<ScreenId, number>>;
  question: { id: string; cursor: number; evidenceOffset: number };
  /** The search box. */
  search: LineText;
  preview: { status: 'idle' | 'loading' | 'ready' | 'failed'; lines: string[]; offset: number; error: string | null };
  exported: { status: 'idle' | 'writing' | 'done' | 'failed'; paths: { markdown: string; json: string } | null; error: string | null };
  quit: 'quit' | 'interrupt' | null;
}

/** Answer choices on the question screen: the proposal first when there is one. */
export type AnswerOption = { kind: 'confirm'; state: AnswerState } | { kind: 'state'; state: AnswerState };

export type WizardAction =
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'toggle-help' }
  | { type: 'help-scroll'; delta: number }
  | { type: 'navigate'; screen: ScreenId }
  | { type: 'back' }
  | { type: 'move'; delta: number; now: Date }
  | { type: 'move-to'; where: 'first' | 'last'; now: Date }
  | { type: 'page'; delta: 1 | -1; now: Date }
  | { type: 'activate'; now: Date }
  | { type: 'scope-group'; delta: 1 | -1 }
  | { type: 'scope-toggle' }
  | { type: 'scan-progress'; progress: ScanProgress }
  | { type: 'scan-done'; result: ScanResult; now: Date }
  | { type: 'scan-failed'; message: string }
  | { type: 'answer'; state: AnswerState; now: Date }
  | { type: 'confirm-proposal'; now: Date }
  | { type: 'step-question'; delta: 1 | -1 }
  | { type: 'open-question'; id: string }
  | { type: 'first-open' }
  | { type: 'open-form'; kind: FormKind; now: Date }
  /** Text typed or pasted into the focused field (a form's, or the screen's own box). */
  | { type: 'field-input'; text: string }
  | { type: 'field-edit'; op: EditOp }
  | { type: 'form-focus'; delta: 1 | -1 }
  | { type: 'form-submit'; now: Date }
  | { type: 'form-cancel' }
  | { type: 'revoke-waiver'; now: Date }
  | { type: 'clear-answer'; now: Date }
  | { type: 'preview-ready'; lines: string[] }
  | { type: 'preview-failed'; message: string }
  | { type: 'export-done'; paths: { markdown: string; json: string } }
  | { type: 'export-failed'; message: string }
  /** The save of `revision` is on disk (written, synced, renamed). */
  | { type: 'save-done'; revision: number }
  /** `message`: why, in a few words ("file changed on disk", "permission denied"). */
  | { type: 'save-failed'; revision: number; message: string }
  | { type: 'dismiss-message' }
  | { type: 'dismiss-notice' }
  | { type: 'quit'; reason: 'quit' | 'interrupt' };

