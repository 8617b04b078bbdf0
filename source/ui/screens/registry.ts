import { exportScreen } from './export/export-state.js';
import { ExportView } from './export/export-view.js';
import { previewScreen } from './preview/preview-state.js';
import { PreviewView } from './preview/preview-view.js';
import { questionScreen } from './question/question-state.js';
import { QuestionView } from './question/question-view.js';
import { reviewScreen } from './review/review-state.js';
import { ReviewView } from './review/review-view.js';
import { scanScreen } from './scan/scan-state.js';
import { ScanView } from './scan/scan-view.js';
import { scopeScreen } from './scope/scope-state.js';
import { ScopeView } from './scope/scope-view.js';
import { searchScreen } from './search/search-state.js';
import { SearchView } from './search/search-view.js';
import { sectionsScreen } from './sections/sections-state.js';
import { SectionsView } from './sections/sections-view.js';
import type { ScreenDef } from './screen.js';

/**
 * Every wizard screen, by id. A new screen is a folder with x-state.ts (its
 * behaviour) and x-view.tsx, and two imports and one line here; its id, title,
 * keys, help and footer follow from this table.
 */
export const SCREENS = {
  scope: { ...scopeScreen, View: ScopeView },
  scan: { ...scanScreen, View: ScanView },
  sections: { ...sectionsScreen, View: SectionsView },
  question: { ...questionScreen, View: QuestionView },
  review: { ...reviewScreen, View: ReviewView },
  search: { ...searchScreen, View: SearchView },
  preview: { ...previewScreen, View: PreviewView },
  export: { ...exportScreen, View: ExportView },
} satisfies Record<string, ScreenDef>;

export type ScreenId = keyof typeof SCREENS;

export function isScreenId(id: string): id is ScreenId {
  return Object.hasOwn(SCREENS, id);
}
