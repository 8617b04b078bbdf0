import { createHash } from 'node:crypto';
import { serializeAssessment } from '../assessment/serialize.js';
import type { Assessment } from '../assessment/model.js';
import { mdAnchor, mdCell, mdCellCode } from './escape.js';
import type { DossierView } from './view.js';

/**
 * The integrity appendix and what `verify` reads back from it.
 *
 * A dossier ends with:
 *   1. a table of every evidence file's SHA-256 as it was when the answer was given,
 *      and the digest of the assessment (its canonical file bytes, serialize.ts);
 *   2. the same data as JSON in an HTML comment (`<!-- shipshape-integrity … -->`),
 *      invisible on GitHub, ASCII-only, with `<`, `>` and `&` as \u escapes so it can
 *      never close the comment;
 *   3. the digest line, `Dossier digest: \`sha256:<hex>\``, the last non-blank line.
 *
 * The dossier digest is the SHA-256 of the canonical body: every character before
 * the digest line, with a leading BOM removed, CRLF and lone CR turned into LF,
 * trailing spaces and tabs removed from each line, trailing blank lines removed,
 * and exactly one LF appended; hashed as UTF-8. The canonical form forgives what
 * editors and git do on their own (line endings, trailing whitespace) and nothing
 * else: any visible edit above the digest line changes the digest.
 */

export const INTEGRITY_FORMAT = 'shipshape-dossier-integrity';
export const INTEGRITY_VERSION = 1;
export const INTEGRITY_ANCHOR = 'integrity';

const COMMENT_OPEN = '<!-- shipshape-integrity';
const COMMENT_CLOSE = '-->';
const DIGEST_LINE = /^Dossier digest: `sha256:([0-9a-f]{64})`/;

export interface IntegrityEvidence {
  /** Exactly as recorded in the assessment (relative POSIX path), for re-hashing. */
  path: string;
  sha256: string;
  /** Question ids whose answers cite this file at this digest. */
  questions: string[];
}

export interface IntegrityData {
  format: typeof INTEGRITY_FORMAT;
  version: typeof INTEGRITY_VERSION;
  assessment: { id: string; name: string; sha256: string };
  checklist: { id: string; version: string; hash: string };
  generated_at: string;
  tool_version: string;
  evidence: IntegrityEvidence[];
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function assessmentDigest(assessment: Assessment): string {
  return sha256Hex(serializeAssessment(assessment));
}

/**
 * One entry per (file, digest) pair cited by a question in the dossier. Evidence
 * from history (a commit) or without a digest cannot be rechecked against the
 * working tree and is left out.
 */
export function integrityEvidence(view: DossierView): IntegrityEvidence[] {
  const byKey = new Map<string, IntegrityEvidence>();
  for (const section of view.sections) {
    for (const q of section.questions) {
      for (const e of q.evidence) {
        if (e.kind !== 'file' || e.path === null || e.commit !== null || !/^[0-9a-f]{64}$/.test(e.sha256)) continue;
        const key = `${e.path}\0${e.sha256}`;
        let entry = byKey.get(key);
        if (!entry) byKey.set(key, (entry = { path: e.path, sha256: e.sha256, questions: [] }));
        if (!entry.questions.includes(q.id)) entry.questions.push(q.id);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
}

export function canonicalBody(text: string): string {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''));
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

export function bodyDigest(text: string): string {
  return sha256Hex(canonicalBody(text));
}

/** JSON that is plain ASCII and cannot end an HTML comment or start a tag. */
function commentSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The appendix (without the digest line): table, assessment digest, and the machine-readable block. */
export function renderIntegrityAppendix(data: IntegrityData): string {
  const out: string[] = [];
  out.push(mdAnchor(INTEGRITY_ANCHOR), '', '## Integrity appendix', '');
  out.push(
    'Run `shipshape verify <this file>` in the repository to recheck every evidence file below against its digest, and this text against the dossier digest on its last line.',
    '',
    'The dossier digest is the SHA-256 of the UTF-8 text above its line, after removing a leading byte-order mark, turning CRLF and CR into LF, removing trailing spaces and tabs from every line and trailing blank lines, and ending with one LF.',
    '',
  );
  out.push(`**Assessment digest:** \`sha256:${data.assessment.sha256}\` (the assessment file as shipshape writes it)`, '');
  if (data.evidence.length === 0) {
    out.push('No evidence files were cited.', '');
  } else {
    out.push('| # | Evidence file | SHA-256 when answered | Questions |', '|---:|---|---|---|');
    data.evidence.forEach((e, i) => {
      out.push(`| ${i + 1} | ${mdCellCode(e.path, 400)} | \`${e.sha256}\` | ${mdCell(e.questions.join(', '), 4000)} |`);
    });
    out.push('');
  }
  out.push(COMMENT_OPEN, commentSafeJson(data), COMMENT_CLOSE, '');
  return out.join('\n');
}

export function digestLine(digest: string): string {
  return `Dossier digest: \`sha256:${digest}\` (SHA-256 of everything above this line, canonicalised as the integrity appendix says)`;
}

/** Body + appendix + digest line: the complete, verifiable dossier. */
export function sealDossier(body: string, data: IntegrityData): string {
  const above = `${body.replace(/\s+$/, '')}\n\n${renderIntegrityAppendix(data)}\n`;
  return `${above}${digestLine(bodyDigest(above))}\n`;
}

export type ParsedDossier =
  | { ok: true; data: IntegrityData; claimedDigest: string; actualDigest: string; textAfterDigest: boolean }
  | { ok: false; reason: string };

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function validData(raw: unknown): raw is IntegrityData {
  if (!raw || typeof raw !== 'object') return false;
  const d = raw as Record<string, unknown>;
  if (d.format !== INTEGRITY_FORMAT || d.version !== INTEGRITY_VERSION || !Array.isArray(d.evidence)) return false;
  const a = d.assessment as Record<string, unknown> | undefined;
  if (!a || typeof a.sha256 !== 'string') return false;
  return d.evidence.every((e: unknown) => {
    const x = e as Record<string, unknown> | null;
    return !!x && typeof x.path === 'string' && typeof x.sha256 === 'string' && isStringArray(x.questions);
  });
}

/** Read back what sealDossier wrote. Never throws. */
export function parseDossier(text: string): ParsedDossier {
  // Markers are found on the canonical lines, so CRLF or trailing spaces added by a tool do not hide them.
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''));
  let digestAt = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (DIGEST_LINE.test(lines[i] ?? '')) {
      digestAt = i;
      break;
    }
  }
  if (digestAt < 0) return { ok: false, reason: 'no dossier digest line (`Dossier digest: `sha256:…``) found' };
  const claimed = DIGEST_LINE.exec(lines[digestAt] ?? '')?.[1] ?? '';
  const above = lines.slice(0, digestAt).join('\n');
  const open = above.lastIndexOf(`\n${COMMENT_OPEN}\n`);
  if (open < 0) return { ok: false, reason: 'no shipshape-integrity block found' };
  const start = open + COMMENT_OPEN.length + 2;
  const close = above.indexOf(`\n${COMMENT_CLOSE}`, start);
  if (close < 0) return { ok: false, reason: 'the shipshape-integrity block is not closed' };
  let raw: unknown;
  try {
    raw = JSON.parse(above.slice(start, close));
  } catch {
    return { ok: false, reason: 'the shipshape-integrity block is not valid JSON' };
  }
  if (!validData(raw)) return { ok: false, reason: `the integrity block is not a ${INTEGRITY_FORMAT} version ${INTEGRITY_VERSION} record` };
  const textAfterDigest = lines.slice(digestAt + 1).some((l) => l.trim() !== '');
  return { ok: true, data: raw, claimedDigest: claimed, actualDigest: bodyDigest(`${above}\n`), textAfterDigest };
}
