import type { Assessment, SaveRecord } from './model.js';

/**
 * The save record answers "which commit was this assessment made against, and was
 * the tree clean?". Consecutive saves at the same commit and dirty flag fold into
 * one entry (a session saves after every answer); only the last MAX_SAVE_RECORDS
 * entries are kept, because the file's own git history already holds the rest.
 */
export const MAX_SAVE_RECORDS = 50;

export interface SaveInfo {
  commit: string | null;
  dirty: boolean;
  at: Date;
  by?: string;
}

export function recordSave(assessment: Assessment, info: SaveInfo): Assessment {
  const at = info.at.toISOString();
  const saves = [...assessment.saves];
  const last = saves.at(-1);
  if (last && last.commit === info.commit && last.dirty === info.dirty && last.by === info.by) {
    saves[saves.length - 1] = { ...last, last_at: at, count: last.count + 1 };
  } else {
    const entry: SaveRecord = { commit: info.commit, dirty: info.dirty, first_at: at, last_at: at, count: 1 };
    if (info.by !== undefined) entry.by = info.by;
    saves.push(entry);
  }
  return { ...assessment, saves: saves.slice(-MAX_SAVE_RECORDS) };
}
