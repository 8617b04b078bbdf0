import type { ScreenBehaviour } from '../screen.js';

/** Export: writes the dossier (markdown and JSON) next to the assessment, says where; Enter goes back. */
export const exportScreen: ScreenBehaviour = {
  title: 'Export',
  opens: { key: 'e', does: 'write the dossier (markdown and JSON)' },
  bindings: [{ keys: ['enter'], command: 'select', does: 'back', hint: 'Enter back' }],
  commands: { select: (now) => ({ type: 'activate', now }) },
  onEnter: (state) => ({ ...state, exported: { status: 'writing', paths: null, error: null } }),
  activate: (state, _now, nav) => nav.back(state),
};
