import { setScope } from '../../../assessment/create.js';
import { DATA_CLASSES, FRAMEWORKS, TIERS, type DataClass, type Framework } from '../../../checklist/scope.js';
import { applicableQuestions } from '../../state/derive.js';
import { success } from '../../state/messages.js';
import { maybePrefill } from '../../state/prefill.js';
import type { ScopeDraft, WizardState } from '../../state/types.js';
import type { ScreenBehaviour } from '../screen.js';

/** Scope: four groups (tier, data, AI use, frameworks); only the focused one is a list. */

export const SCOPE_GROUPS = ['Service tier', 'Data it handles', 'Calls AI models', 'Frameworks in scope'] as const;
export const AI_ROWS = [true, false] as const;

function groupLength(group: number): number {
  return [TIERS.length, DATA_CLASSES.length, AI_ROWS.length, FRAMEWORKS.length][group] ?? 0;
}

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** Space on the highlighted row: choose a tier or AI use, tick a data class or a framework. */
export function scopeToggle(draft: ScopeDraft): ScopeDraft {
  const row = draft.cursor[draft.group] ?? 0;
  switch (draft.group) {
    case 0:
      return { ...draft, tier: TIERS[row] ?? draft.tier };
    case 1: {
      const item = DATA_CLASSES[row] as DataClass;
      // "none" excludes every other class and the other way round.
      const data =
        item === 'none'
          ? draft.data.includes('none')
            ? []
            : ['none' as const]
          : toggle<DataClass>(
              draft.data.filter((d) => d !== 'none'),
              item,
            );
      return { ...draft, data: DATA_CLASSES.filter((d) => data.includes(d)) };
    }
    case 2:
      return { ...draft, ai: AI_ROWS[row] ?? draft.ai, aiTouched: true };
    default: {
      const frameworks = toggle(draft.frameworks, FRAMEWORKS[row] as Framework);
      return { ...draft, frameworks: FRAMEWORKS.filter((f) => frameworks.includes(f)) };
    }
  }
}

export function scopeGroup(draft: ScopeDraft, delta: 1 | -1): ScopeDraft {
  return { ...draft, group: (draft.group + delta + SCOPE_GROUPS.length) % SCOPE_GROUPS.length };
}

export const scopeScreen: ScreenBehaviour = {
  title: 'Scope',
  bindings: [
    { keys: ['up', 'k'], command: 'up', does: 'move up', hint: '↑↓ move' },
    { keys: ['down', 'j'], command: 'down', does: 'move down' },
    { keys: ['space', 'x'], command: 'toggle', does: 'choose / tick the highlighted row', hint: 'Space choose' },
    { keys: ['tab', 'right', 'l'], command: 'next-group', does: 'next group', hint: 'Tab next group' },
    { keys: ['shift-tab', 'left', 'h'], command: 'prev-group', does: 'previous group' },
    { keys: ['enter'], command: 'select', does: 'save the scope and continue', hint: 'Enter continue' },
  ],
  commands: {
    up: (now) => ({ type: 'move', delta: -1, now }),
    down: (now) => ({ type: 'move', delta: 1, now }),
    toggle: () => ({ type: 'scope-toggle' }),
    'next-group': () => ({ type: 'scope-group', delta: 1 }),
    'prev-group': () => ({ type: 'scope-group', delta: -1 }),
    select: (now) => ({ type: 'activate', now }),
  },
  list: {
    length: (state) => groupLength(state.scope.group),
    cursor: (state) => state.scope.cursor[state.scope.group] ?? 0,
    setCursor: (state, n) => {
      const cursor = [...state.scope.cursor] as ScopeDraft['cursor'];
      cursor[state.scope.group] = n;
      return { ...state, scope: { ...state.scope, cursor } };
    },
  },
  /** Enter saves the scope: a new review goes on to the scan summary, a change from later screens goes back. */
  activate(state: WizardState, now: Date, nav) {
    const { tier, data, ai, frameworks } = state.scope;
    const assessment = setScope(state.assessment, { tier, data, ai, frameworks }, now);
    const confirmed = maybePrefill({ ...state, assessment, scope: { ...state.scope, confirmed: true } }, now);
    const count = applicableQuestions(confirmed).length;
    const next = state.flow === 'start' && state.back.length === 0 ? nav.go(confirmed, 'scan') : nav.back(confirmed);
    return { ...next, message: success(`scope saved: ${count} of ${state.checklist.questions.length} questions apply`) };
  },
};
