import { stripRemoteCredentials } from '../util/remote-url.js';
import type { Assessment } from './model.js';
import { byCodeUnits } from '../util/compare.js';

/**
 * The assessment file is reviewed in git, so the same assessment must always
 * produce the same bytes: two-space indent, a trailing newline, and a stable key
 * order — the top level in reading order, everything below alphabetically (which
 * also keeps the answers map sorted by question id, whatever order they were set).
 */

const TOP_LEVEL_ORDER = [
  'schema_version',
  'id',
  'name',
  'created_at',
  'updated_at',
  'repository',
  'checklist',
  'scope',
  'assessors',
  'answers',
  'cleared',
  'saves',
];

export function serializeAssessment(assessment: Assessment): string {
  // A remote with credentials must never reach the file, whoever built the assessment.
  const remote = assessment.repository.remote;
  const safe = remote === null ? assessment : { ...assessment, repository: { ...assessment.repository, remote: stripRemoteCredentials(remote) } };
  const top = safe as unknown as Record<string, unknown>;
  const keys = Object.keys(top).sort((a, b) => rank(a) - rank(b) || byCodeUnits(a, b));
  const ordered = emptyRecord();
  for (const key of keys) {
    if (top[key] !== undefined) ordered[key] = sortDeep(top[key]);
  }
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function rank(key: string): number {
  const i = TOP_LEVEL_ORDER.indexOf(key);
  return i === -1 ? TOP_LEVEL_ORDER.length : i;
}

// Keys come from a hand-editable file: "__proto__" must stay an ordinary key, not reach the prototype.
function emptyRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const out = emptyRecord();
    for (const key of Object.keys(source).sort(byCodeUnits)) {
      if (source[key] !== undefined) out[key] = sortDeep(source[key]);
    }
    return out;
  }
  return value;
}
