import Conf from 'conf';
import * as z from 'zod';
import type { GateThreshold } from './score.js';

/**
 * Per-user preferences and the list of recent assessments, kept with `conf` in
 * the user's config directory. Nothing here is precious: a corrupt file is reset
 * (clearInvalidConfig), each field is validated on its own so one bad value does
 * not lose the others, and a config directory that cannot be used degrades to
 * in-memory preferences with a warning instead of stopping the tool.
 *
 * conf's `store` getter re-reads the file on every access, so it is read once at
 * open; keys are plain words (conf splits dotted keys into paths).
 */

export const MAX_RECENT = 20;

export const RecentAssessmentSchema = z.strictObject({
  /** Absolute path of the assessment file; the de-duplication key. */
  path: z.string().min(1),
  name: z.string(),
  checklist: z.string(),
  updated_at: z.string(),
  /** Answered share of applicable questions, 0–100. */
  progress: z.number().min(0).max(100),
  verdict: z.enum(['ready', 'ready with conditions', 'not ready']),
});
export type RecentAssessment = z.infer<typeof RecentAssessmentSchema>;

const GateThresholdSchema = z.enum(['blocker', 'high', 'medium']);

interface Stored {
  userName?: string;
  defaultChecklist?: string;
  gateThreshold?: GateThreshold;
  recent?: RecentAssessment[];
}

/** Most recent first, one entry per path, at most `max`. Pure. */
export function withRecent(list: readonly RecentAssessment[], entry: RecentAssessment, max = MAX_RECENT): RecentAssessment[] {
  return [entry, ...list.filter((e) => e.path !== entry.path)].slice(0, max);
}

export interface PreferencesOptions {
  /** Config directory; tests point this at a temporary directory. Default: the user's config directory. */
  cwd?: string;
  /** `git config user.name`, injected; called at most once, and only when no name is stored. */
  gitUserName: () => string | null;
}

type Backend = Pick<Conf<Stored>, 'set' | 'delete'> & { readonly path: string };

export class Preferences {
  private gitNameRead = false;
  private gitName: string | null = null;

  private constructor(
    private readonly backend: Backend | null,
    private data: Stored,
    private readonly gitUserName: () => string | null,
    /** Problems worth one line to the user (e.g. preferences could not be saved). */
    readonly warnings: string[],
  ) {}

  static open(options: PreferencesOptions): Preferences {
    let conf: Conf<Stored>;
    try {
      conf = new Conf<Stored>({
        projectName: 'shipshape',
        ...(options.cwd !== undefined && { cwd: options.cwd }),
        clearInvalidConfig: true,
        accessPropertiesByDotNotation: false,
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return new Preferences(null, {}, options.gitUserName, [`preferences are not available (${why}); using defaults for this run`]);
    }
    return new Preferences(conf, readValid(conf.store), options.gitUserName, []);
  }

  /** Where the preferences live, or null when they are in memory only. */
  get path(): string | null {
    return this.backend?.path ?? null;
  }

  /** The stored name, else `git config user.name` (asked once), else null. */
  userName(): string | null {
    if (this.data.userName) return this.data.userName;
    if (!this.gitNameRead) {
      this.gitNameRead = true;
      try {
        this.gitName = this.gitUserName()?.trim() || null;
      } catch {
        this.gitName = null;
      }
    }
    return this.gitName;
  }

  setUserName(name: string | null): void {
    this.write('userName', name?.trim() || undefined);
  }

  defaultChecklist(): string | null {
    return this.data.defaultChecklist ?? null;
  }

  setDefaultChecklist(checklist: string | null): void {
    this.write('defaultChecklist', checklist?.trim() || undefined);
  }

  /** Default "blocker": the gate fails on what makes the verdict "not ready". */
  gateThreshold(): GateThreshold {
    return this.data.gateThreshold ?? 'blocker';
  }

  setGateThreshold(threshold: GateThreshold): void {
    this.write('gateThreshold', GateThresholdSchema.parse(threshold));
  }

  recent(): RecentAssessment[] {
    return [...(this.data.recent ?? [])];
  }

  /** Record an assessment as just used (moves it to the top). */
  addRecent(entry: RecentAssessment): void {
    this.write('recent', withRecent(this.data.recent ?? [], RecentAssessmentSchema.parse(entry)));
  }

  /** Forget one (e.g. the file is gone). */
  removeRecent(path: string): void {
    this.write('recent', (this.data.recent ?? []).filter((e) => e.path !== path));
  }

  private write<K extends keyof Stored>(key: K, value: Stored[K] | undefined): void {
    const next = { ...this.data };
    if (value === undefined) delete next[key];
    else next[key] = value;
    this.data = next;
    if (!this.backend) return;
    try {
      if (value === undefined) this.backend.delete(key);
      else this.backend.set(key, value);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.warnings.push(`could not save preferences to ${this.backend.path} (${why})`);
    }
  }
}

/** Keep each valid field; drop what a hand edit or an older version broke. */
function readValid(store: unknown): Stored {
  const raw = (store && typeof store === 'object' ? store : {}) as Record<string, unknown>;
  const out: Stored = {};
  const name = z.string().trim().min(1).safeParse(raw.userName);
  if (name.success) out.userName = name.data;
  const checklist = z.string().trim().min(1).safeParse(raw.defaultChecklist);
  if (checklist.success) out.defaultChecklist = checklist.data;
  const gate = GateThresholdSchema.safeParse(raw.gateThreshold);
  if (gate.success) out.gateThreshold = gate.data;
  if (Array.isArray(raw.recent)) {
    const seen = new Set<string>();
    out.recent = raw.recent
      .flatMap((e) => {
        const r = RecentAssessmentSchema.safeParse(e);
        return r.success ? [r.data] : [];
      })
      .filter((e) => {
        if (seen.has(e.path)) return false;
        seen.add(e.path);
        return true;
      })
      .slice(0, MAX_RECENT);
  }
  return out;
}
