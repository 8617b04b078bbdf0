import { sanitizeLine } from '../../util/sanitize.js';
import { isTestPath } from '../path-role.js';
import type { Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal, SignalMeta } from '../types.js';
import { capEvidence, evidenceOf, plural } from './infra-helpers.js';

/**
 * Supabase exposes every table in the `public` schema to the browser through its
 * REST API, with the anon key every visitor has. Row-level security is then the
 * only authorization between a visitor and the rows: a table without it, or a
 * policy that lets anyone update or delete every row (`USING (true)` for all roles
 * — the classic "Service role has full access" policy written without
 * `TO service_role`), disproves "authorization is enforced for every action".
 *
 * Read from `supabase/migrations/*.sql` replayed in file order: tables created,
 * renamed and dropped; RLS enabled and disabled; policies created, altered and
 * dropped. Statements inside function bodies (`$$ … $$`) are not replayed; when
 * such a body enables RLS itself (a loop over tables), tables without a visible
 * `ENABLE ROW LEVEL SECURITY` are not reported.
 */

const META: SignalMeta = {
  id: 'db.row-level-security',
  title: 'Row-level security on exposed tables',
  passWhen: 'every table a Supabase migration creates in the public schema has row-level security enabled, and no policy lets every role update or delete every row (USING (true) without a TO role)',
};

const MIGRATION = /(^|\/)supabase\/(?:migrations|schemas?)\/[^/]+\.sql$/i;
/** A statement longer than this is data (a big INSERT), not DDL worth reading. */
const MAX_STATEMENT = 20_000;
const NAME = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const QUALIFIED = String.raw`(${NAME}(?:\s*\.\s*${NAME})?)`;

const CREATE_TABLE = new RegExp(String.raw`^create\s+(?:(?:global\s+|local\s+)?(?:temporary|temp)\s+|unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?${QUALIFIED}(\s+partition\s+of\b)?`, 'i');
const TEMP_TABLE = /^create\s+(?:(?:global|local)\s+)?(?:temporary|temp)\b/i;
const ALTER_TABLE = new RegExp(String.raw`^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?${QUALIFIED}\s+(.*)$`, 'is');
const DROP_TABLE = new RegExp(String.raw`^drop\s+table\s+(?:if\s+exists\s+)?(.+)$`, 'is');
const CREATE_POLICY = new RegExp(String.raw`^create\s+policy\s+(${NAME})\s+on\s+${QUALIFIED}(.*)$`, 'is');
const DROP_POLICY = new RegExp(String.raw`^drop\s+policy\s+(?:if\s+exists\s+)?(${NAME})\s+on\s+${QUALIFIED}`, 'i');
const ALTER_POLICY = new RegExp(String.raw`^alter\s+policy\s+(${NAME})\s+on\s+${QUALIFIED}\s+(.*)$`, 'is');

interface Statement {
  text: string;
  line: number;
  /** Dollar-quoted bodies in it enable or disable RLS themselves. */
  dynamicRls: boolean;
}

/**
 * Split SQL into statements on `;`, outside comments, quoted strings, quoted names
 * and dollar-quoted bodies. Linear: one pass, each character looked at once
 * (a dollar tag's closing search moves forward only).
 */
export function sqlStatements(sql: string): Statement[] {
  const out: Statement[] = [];
  let buf = '';
  let start = -1;
  let line = 1;
  let startLine = 1;
  let dynamic = false;
  const push = () => {
    // One space between tokens: every pattern below then meets runs of at most one blank.
    const text = buf.replace(/\s+/g, ' ').trim();
    if (text.length > 0 && text.length <= MAX_STATEMENT) out.push({ text, line: startLine, dynamicRls: dynamic });
    buf = '';
    start = -1;
    dynamic = false;
  };
  const mark = (i: number) => {
    if (start < 0) {
      start = i;
      startLine = line;
    }
  };
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    if (c === '\n') {
      line++;
      buf += ' ';
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      i += 2;
      while (i < n && !(sql[i] === '*' && sql[i + 1] === '/')) {
        if (sql[i] === '\n') line++;
        i++;
      }
      i += 2;
      buf += ' ';
      continue;
    }
    if (c === "'" || c === '"') {
      mark(i);
      let j = i + 1;
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) { j += 2; continue; }
          break;
        }
        if (sql[j] === '\n') line++;
        j++;
      }
      const lit = sql.slice(i, Math.min(j + 1, n));
      // Quoted names are kept (they name tables and policies); string contents are blanked.
      buf += c === '"' ? lit.replace(/\n/g, ' ') : "''";
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const tag = /^\$[A-Za-z_]?\w*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        mark(i);
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? n : end + tag[0].length;
        const body = sql.slice(i, stop);
        if (/row\s+level\s+security/i.test(body)) dynamic = true;
        for (let k = i; k < stop; k++) if (sql.charCodeAt(k) === 10) line++;
        buf += ' $body$ ';
        i = stop;
        continue;
      }
    }
    if (c === ';') {
      push();
      i++;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r') mark(i);
    buf += c;
    i++;
  }
  push();
  return out;
}

/** `public.x`, `"x"`, `x` → `x`; another schema → null (not exposed by the API by default). */
export function publicTable(raw: string): string | null {
  const parts = raw.split(/\s*\.\s*/).map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase()));
  if (parts.length === 1) return parts[0] as string;
  return parts[0] === 'public' ? (parts[1] as string) : null;
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}

const TO_ROLES = new RegExp(String.raw`\bto (${NAME}(?: ?, ?${NAME})*)`, 'i');
const TRUE_CLAUSE = /\busing\s*\(\s*\(?\s*true\s*\)?\s*\)/i;
const OTHER_USING = /\busing\s*\(/i;

/** Does a policy body let every role change every row? */
function openWrite(rest: string): { open: boolean; command: string } {
  if (/^\s*as\s+restrictive\b/i.test(rest)) return { open: false, command: 'restrictive' };
  const command = (/\bfor\s+(all|select|insert|update|delete)\b/i.exec(rest)?.[1] ?? 'all').toLowerCase();
  const to = TO_ROLES.exec(rest)?.[1];
  const roles = to === undefined ? ['public'] : to.split(',').map((r) => unquote(r.trim()));
  const everyone = roles.some((r) => r === 'public' || r === 'anon');
  const writes = command === 'all' || command === 'update' || command === 'delete';
  return { open: writes && everyone && TRUE_CLAUSE.test(rest), command };
}

function selects(f: FileEntry): boolean {
  return f.ext === '.sql' && MIGRATION.test(f.path) && !isTestPath(f.path);
}

function collect(file: FileEntry, text: string): Finding[] {
  const out: Finding[] = [];
  const at = (s: Statement, kind: string, data: Record<string, string | boolean>) =>
    out.push({ kind, path: file.path, line: s.line, excerpt: sanitizeLine(s.text, 160), data });
  for (const s of sqlStatements(text)) {
    if (s.dynamicRls) at(s, 'dynamic-rls', {});
    const t = s.text;
    const head = t.slice(0, 12).toLowerCase();
    if (head.startsWith('create')) {
      const ct = CREATE_TABLE.exec(t);
      if (ct && !TEMP_TABLE.test(t) && ct[2] === undefined) {
        const table = publicTable(ct[1] as string);
        if (table) at(s, 'table', { table });
        continue;
      }
      const cp = CREATE_POLICY.exec(t);
      if (cp) {
        const table = publicTable(cp[2] as string);
        if (table) at(s, 'policy', { table, name: unquote(cp[1] as string), ...openWrite(cp[3] as string) });
      }
    } else if (head.startsWith('alter')) {
      const at2 = ALTER_TABLE.exec(t);
      if (at2) {
        const table = publicTable(at2[1] as string);
        const rest = at2[2] as string;
        if (!table) continue;
        if (/^(?:enable\s+row\s+level\s+security|force\s+row\s+level\s+security)\b/i.test(rest)) at(s, 'rls', { table, on: true });
        else if (/^(?:disable\s+row\s+level\s+security|no\s+force\s+row\s+level\s+security)\b/i.test(rest)) {
          if (/^disable/i.test(rest)) at(s, 'rls', { table, on: false });
        } else {
          const rn = new RegExp(String.raw`^rename\s+to\s+(${NAME})`, 'i').exec(rest);
          if (rn) at(s, 'rename', { table, to: unquote(rn[1] as string) });
        }
        continue;
      }
      const ap = ALTER_POLICY.exec(t);
      if (ap) {
        const table = publicTable(ap[2] as string);
        const rest = ap[3] as string;
        if (!table) continue;
        const rn = new RegExp(String.raw`^rename\s+to\s+(${NAME})`, 'i').exec(rest);
        if (rn) at(s, 'policy-rename', { table, name: unquote(ap[1] as string), to: unquote(rn[1] as string) });
        else if (OTHER_USING.test(rest) && !TRUE_CLAUSE.test(rest)) at(s, 'policy-narrowed', { table, name: unquote(ap[1] as string) });
      }
    } else if (head.startsWith('drop')) {
      const dp = DROP_POLICY.exec(t);
      if (dp) {
        const table = publicTable(dp[2] as string);
        if (table) at(s, 'drop-policy', { table, name: unquote(dp[1] as string) });
        continue;
      }
      const dt = DROP_TABLE.exec(t);
      if (dt) {
        for (const raw of (dt[1] as string).replace(/\s+(?:cascade|restrict)\s*$/i, '').split(',')) {
          const table = publicTable(raw.trim());
          if (table) at(s, 'drop-table', { table });
        }
      }
    }
  }
  return out;
}

interface TableState { created: Finding; rls: boolean }

function evaluate(input: EvaluateInput): Signal {
  const tables = new Map<string, TableState>();
  const policies = new Map<string, { finding: Finding; open: boolean }>();
  const key = (table: string, name: string) => `${table}\0${name}`;
  let dynamic = false;
  for (const f of input.findings) {
    const d = f.data ?? {};
    const table = String(d.table ?? '');
    switch (f.kind) {
      case 'dynamic-rls': dynamic = true; break;
      case 'table': if (!tables.has(table)) tables.set(table, { created: f, rls: false }); break;
      case 'rls': { const t = tables.get(table); if (t) t.rls = d.on === true; break; }
      case 'rename': {
        const t = tables.get(table);
        if (t) { tables.delete(table); tables.set(String(d.to), t); }
        for (const [k, p] of [...policies]) if (k.startsWith(`${table}\0`)) { policies.delete(k); policies.set(key(String(d.to), k.slice(table.length + 1)), p); }
        break;
      }
      case 'drop-table':
        tables.delete(table);
        for (const k of [...policies.keys()]) if (k.startsWith(`${table}\0`)) policies.delete(k);
        break;
      case 'policy': policies.set(key(table, String(d.name)), { finding: f, open: d.open === true }); break;
      case 'drop-policy': policies.delete(key(table, String(d.name))); break;
      case 'policy-rename': {
        const p = policies.get(key(table, String(d.name)));
        if (p) { policies.delete(key(table, String(d.name))); policies.set(key(table, String(d.to)), p); }
        break;
      }
      case 'policy-narrowed': { const p = policies.get(key(table, String(d.name))); if (p) p.open = false; break; }
    }
  }
  if (tables.size === 0 && policies.size === 0) {
    return { id: META.id, status: 'not_applicable', confidence: 'medium', evidence: [], summary: 'no Supabase migration creates a table in the public schema' };
  }
  const noRls = dynamic ? [] : [...tables.entries()].filter(([, t]) => !t.rls);
  const open = [...policies.entries()].filter(([k, p]) => p.open && tables.has(k.slice(0, k.indexOf('\0'))));
  const evidence: Evidence[] = [
    ...open.map(([k, p]) => ({ ...evidenceOf(input, p.finding, `policy "${k.slice(k.indexOf('\0') + 1)}" lets every role (anon included) ${String(p.finding.data?.command ?? 'all') === 'all' ? 'read and change' : String(p.finding.data?.command)} every row of ${k.slice(0, k.indexOf('\0'))}: USING (true) without a TO role`), severity: 'high' as const })),
    ...noRls.map(([name, t]) => ({ ...evidenceOf(input, t.created, `table ${name} never has row-level security enabled: anyone with the anon key can read and write it through the API`), severity: 'high' as const })),
  ];
  if (evidence.length === 0) {
    return {
      id: META.id,
      status: 'pass',
      confidence: 'medium',
      evidence: [],
      details: { tables: tables.size, policies: policies.size },
      summary: `row-level security enabled on all ${plural(tables.size, 'table')} the Supabase migrations create, and no policy opens writes to every role${dynamic ? ' (some RLS is enabled from a function body)' : ''}; whether each policy checks the right owner or tenant is for a person`,
    };
  }
  const parts = [noRls.length > 0 ? `${plural(noRls.length, 'table')} without row-level security` : '', open.length > 0 ? `${plural(open.length, 'policy', 'policies')} letting every role change every row` : ''].filter(Boolean);
  return {
    id: META.id,
    status: 'fail',
    confidence: 'high',
    evidence: capEvidence(evidence),
    details: { tables: tables.size, without_rls: noRls.length, open_policies: open.length, evidence_total: evidence.length },
    summary: `${parts.join(' and ')} in the Supabase migrations (e.g. ${evidence[0]?.path}:${evidence[0]?.line ?? 1}): the public API lets anyone with the anon key past them`,
  };
}

export const supabaseRlsDetector: Detector = {
  id: 'supabase-rls',
  signals: [META],
  selects,
  keepPerFile: 10_000,
  collect,
  evaluate: (input) => [evaluate(input)],
};
