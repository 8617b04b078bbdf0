import { exportScreen } from './export/export-state.js';
import { previewScreen } from './preview/preview-state.js';
import { questionScreen } from './question/question-state.js';
import { reviewScreen } from './review/review-state.js';
import { scanScreen } from './scan/scan-state.js';
import { scopeScreen } from './scope/scope-state.js';
import { searchScreen } from './search/search-state.js';
import { sectionsScreen } from './sections/sections-state.js';
import type { ScreenDef } from './screen.js';

/**
 * Every wizard screen, by id. A new screen is a folder with x-state.ts (its
 * ScreenDef) and x-view.tsx, and one line here; its id, title, keys, help and
 * footer follow from this table.
 */
export const SCREENS = {
  scope: scopeScreen,
  scan: scanScreen,
  sections: sectionsScreen,
  question: questionScreen,
  review: reviewScreen,
  search: searchScreen,
  preview: previewScreen,
  export: exportScreen,
} satisfies Record<string, ScreenDef>;

export type ScreenId = keyof typeof SCREENS;

export function isScreenId(id: string): id is ScreenId {
  return Object.hasOwn(SCREENS, id);
}
