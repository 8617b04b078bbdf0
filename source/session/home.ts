import { existsSync } from 'node:fs';
import path from 'node:path';
import { findAssessmentFiles, repoOfShipshapeFile } from '../assessment/files.js';
import { scoreAssessment } from '../assessment/score.js';
import { loadAssessment } from '../assessment/store.js';
import { defaultParseCache } from '../checklist/parse-cache.js';
import type { ParseCache } from '../checklist/parse.js';
import { repositoryOf, resolveChecklist } from '../report/inputs.js';
import { colorEnabled, type CommandIO } from '../runtime/io.js';
import { initHomeState, type HomeResult, type RecentRow } from '../ui/home/home-state.js';
import { confirmedPercent, progressOf } from '../ui/state/derive.js';
import { sanitizeLine } from '../util/sanitize.js';
import { openPreferences } from './assessor.js';
import { loadHome } from './load-ui.js';
import type { WizardRuntime } from './run-wizard.js';

/**
 * The home screen's side of the world, as session/ does it for the wizard: the
 * assessments found in this repository and in the recent list, the settings in
 * the preferences; then the screen, until the user chooses.
 */

async function localRow(file: string, cwd: string, now: Date, cache: ParseCache | undefined): Promise<RecentRow> {
  const shown = path.relative(cwd, file) || file;
  try {
    const { assessment } = await loadAssessment(file);
    const base = {
      path: file,
      shown,
      name: assessment.name,
      checklist: `${assessment.checklist.id}@${assessment.checklist.version}`,
      updatedAt: assessment.updated_at,
      local: true,
    };
    try {
      const { checklist } = resolveChecklist(assessment, repositoryOf(file, assessment, cwd), { cache });
      const r = scoreAssessment(assessment, checklist, now);
      return { ...base, progress: confirmedPercent(progressOf({ checklist, assessment })), verdict: r.verdict };
    } catch {
      return { ...base, progress: null, verdict: null };
    }
  } catch (error) {
    const why = error instanceof Error ? (error.message.split('\n')[0] ?? 'unreadable') : 'unreadable';
    return {
      path: file,
      shown,
      name: path.basename(file, '.json'),
      checklist: '?',
      progress: null,
      updatedAt: '',
      verdict: null,
      local: true,
      problem: sanitizeLine(why, 120),
    };
  }
}

/** The repository an assessment file belongs to, short: its folder name under the home directory as ~/… */
function repoLabelOf(file: string, home: string | undefined): string {
  const repo = repoOfShipshapeFile(file) ?? path.dirname(file);
  return home && repo.startsWith(`${home}/`) ? `~/${repo.slice(home.length + 1)}` : repo;
}

/** Show the home screen in `io.cwd` and resolve with what the user chose. */
export async function chooseAtHome(io: CommandIO, runtime: WizardRuntime = {}): Promise<HomeResult> {
  const prefs = openPreferences(io);
  const now = runtime.now?.() ?? new Date();
  const cache = defaultParseCache(io.env, io.cwd);
  const local = await Promise.all(findAssessmentFiles(io.cwd).map((f) => localRow(f, io.cwd, now, cache)));
  const seen = new Set(local.map((r) => path.resolve(r.path)));
  const remembered: RecentRow[] = prefs
    .recent()
    .filter((e) => !seen.has(path.resolve(e.path)) && existsSync(e.path))
    .map((e) => ({
      path: e.path,
      shown: sanitizeLine(repoLabelOf(e.path, io.env.HOME), 60),
      name: e.name,
      checklist: e.checklist,
      progress: e.progress,
      updatedAt: e.updated_at,
      verdict: e.verdict,
      local: false,
    }));
  const stdout = runtime.stdout ?? process.stdout;
  const initial = initHomeState(
    [...local, ...remembered],
    { userName: prefs.userName() ?? '', defaultChecklist: prefs.defaultChecklist() ?? '', gateThreshold: prefs.gateThreshold() },
    { columns: stdout.columns || 80, rows: stdout.rows || 24 },
  );
  const { showHome } = await loadHome();
  const chosen = await showHome(
    {
      initial,
      repoLabel: sanitizeLine(path.basename(io.cwd), 80),
      color: colorEnabled(io),
      saveSettings: (s) => {
        prefs.setUserName(s.userName || null);
        prefs.setDefaultChecklist(s.defaultChecklist || null);
        prefs.setGateThreshold(s.gateThreshold);
      },
    },
    runtime,
  );
  for (const w of prefs.warnings) io.stderr.write(`shipshape: note: ${sanitizeLine(w, 300)}\n`);
  return chosen;
}
