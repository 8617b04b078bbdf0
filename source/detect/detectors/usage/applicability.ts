import type { Confidence, FileEntry, SignalStatus } from '../../types.js';
import { pathRole } from '../../path-role.js';
import { SERVING_KINDS } from '../../reach/entries.js';
import type { UsageContext } from './detector.js';
import { servesRequests } from './servers.js';

/**
 * When an application-runtime signal (logs, metrics, tracing, retries, caches,
 * rate limits, health) applies at all. A repository of Terraform, charts or docs
 * has no application to log or retry anything: not_applicable, not "unknown".
 */

const SOURCE_EXT = new Set([
  '.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.vue', '.svelte', '.astro',
  '.py', '.go', '.java', '.kt', '.kts', '.scala', '.rb', '.php', '.rs', '.cs', '.fs', '.ex', '.exs', '.swift', '.dart', '.clj',
]);

/** Folders whose code helps build or operate the repository rather than being the application. */
const NOT_APP_DIR = /^(?:\.[^/]+|scripts?|hack|tools?|ci|build|bin|\.github)\//;
const CONFIG_FILE = /(?:^|\/)[^/]+\.config\.[cm]?[jt]s$|(?:^|\/)(?:gulpfile|gruntfile)\.[jt]s$|\.d\.ts$/i;

export function isApplicationSource(f: Pick<FileEntry, 'path' | 'ext'>): boolean {
  return SOURCE_EXT.has(f.ext) && pathRole(f.path) === 'app' && !NOT_APP_DIR.test(f.path) && !CONFIG_FILE.test(f.path);
}

export function hasApplicationCode(ctx: UsageContext): boolean {
  return ctx.input.index.files.some(isApplicationSource);
}

/** A server framework, a server-starting file, or a framework route or serverless function folder. */
export function servesOrHandles(ctx: UsageContext): boolean {
  if (servesRequests(ctx)) return true;
  return ctx.reach?.entries.some((e) => SERVING_KINDS.has(e.kind)) ?? false;
}

export interface Absent {
  status: SignalStatus;
  summary: string;
  confidence?: Confidence;
}

export const NO_APPLICATION: Absent = {
  status: 'not_applicable',
  confidence: 'high',
  summary: 'no application code here (infrastructure, configuration or documentation only)',
};

/**
 * For operational signals: n/a without application code; when nothing serves
 * requests, absence is a question for a person (a worker still needs logs, a CLI
 * may not); otherwise undefined (absence is a fail).
 */
export function operationalAbsence(ctx: UsageContext, what: string): Absent | undefined {
  if (!hasApplicationCode(ctx)) return NO_APPLICATION;
  if (servesOrHandles(ctx)) return undefined;
  return { status: 'unknown', confidence: 'low', summary: `no ${what} found, and nothing here serves requests: a worker or a scheduled job still needs one; a CLI or a library may not` };
}

/** For inbound-traffic signals (rate limits, health): n/a when nothing serves requests. */
export function inboundAbsence(ctx: UsageContext, what: string): Absent | undefined {
  if (!hasApplicationCode(ctx)) return NO_APPLICATION;
  if (servesOrHandles(ctx)) return undefined;
  return { status: 'not_applicable', confidence: 'medium', summary: `no server framework, server entry or request handler found: nothing receives inbound traffic that would need ${what}` };
}
