import { isTestPath } from '../path-role.js';
import type { Detector, FileEntry, Finding, SignalMeta } from '../types.js';
import { capEvidence, evidenceOf, excerptAt, plural } from './infra-helpers.js';
import { langOf } from './usage/files.js';
import { linesView } from './usage/mask.js';

/**
 * Fail-only: auth tokens kept where any script on the page can read them. An XSS
 * bug then leaks the session, which an HttpOnly cookie would have kept out of reach.
 * The shape AI app builders generate is a Supabase browser client persisting its
 * session in `localStorage` (explicitly, through a wrapper over web storage, or by
 * default in browser code); hand-written code does `localStorage.setItem('token', …)`.
 * `@supabase/ssr` and clients with `persistSession: false` are not flagged.
 */

const META: SignalMeta = {
  id: 'auth.token-storage',
  title: 'Auth tokens out of script-readable storage',
  passWhen: 'no session or access token is kept in localStorage or sessionStorage by browser code (fail-only)',
};

const SUPABASE_JS = '@supabase/supabase-js';
/** Lines longer than this are minified or generated: skipped (keeps every pattern linear and cheap). */
const MAX_LINE = 2000;

const IMPORTS_SUPABASE = /\bfrom\s+['"]@supabase\/supabase-js['"]|\brequire\(\s*['"]@supabase\/supabase-js['"]\s*\)|import\(\s*['"]@supabase\/supabase-js['"]\s*\)/;
const CREATE_CLIENT = /\bcreateClient\s*(?:<[^>\n]{0,200}>)?\s*\(/;
const STORAGE_WEB = /\bstorage\s*:\s*(?:window\.|globalThis\.|self\.)?(localStorage|sessionStorage)\b/;
const STORAGE_IDENT = /\bstorage\s*:\s*([A-Za-z_$][\w$]{0,60})(?=\s*(?:[,}]|$))/;
const STORAGE_ANY = /\bstorage\s*:/;
const NO_PERSIST = /\bpersistSession\s*:\s*false\b/;
const WEB_STORAGE_CALL = /\b(localStorage|sessionStorage)\.(?:getItem|setItem)\(/;
/** Browser code: Vite's client env or a React client component. */
const BROWSER_FILE = /\bimport\.meta\.env\b|^\s*['"]use client['"]/m;
/** The public client of a single-page app: an anon/publishable key under `src/` (the builders' `src/integrations/supabase/client.ts`). */
const PUBLIC_KEY = /\b\w{0,40}(?:ANON|PUBLISHABLE)_KEY\b/i;
const SPA_SOURCE = /^(?:[\w.-]+\/)?src\//;
const SERVER_ROUTE = /(^|\/)(app|pages)\/api\//;
/** Server-side folders where a default client keeps no browser session. */
const SERVER_PATH = /(^|\/)(supabase\/functions|netlify\/functions|api|server|functions|scripts|edge-functions)\//;
const TOKEN_KEY = /\b(localStorage|sessionStorage)\.setItem\(\s*(['"`])((?:auth|access|refresh|id|jwt|user|session|bearer)?[_-]?(?:token|jwt)|authToken|accessToken|refreshToken|idToken|jwtToken|userToken|sessionToken|bearerToken)\2/i;

function selects(f: FileEntry): boolean {
  return langOf(f) === 'js' && !isTestPath(f.path);
}

function defines(lines: readonly string[], name: string): boolean {
  const def = new RegExp(`\\b(?:const|let|var|function|class)\\s+${name.replace(/\$/g, '\\$')}\\b`);
  return lines.some((l) => l.length <= MAX_LINE && def.test(l));
}

function collect(file: FileEntry, text: string): Finding[] {
  const lines = linesView(text, 'js', 'masked');
  const out: Finding[] = [];
  const at = (i: number, kind: string, data: Record<string, string>) => out.push({ kind, path: file.path, line: i + 1, excerpt: excerptAt(text, i + 1), data });

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.length > MAX_LINE) continue;
    const m = TOKEN_KEY.exec(l);
    if (m) at(i, 'token-set', { store: m[1] as string, key: m[3] as string });
  }

  if (!text.includes(SUPABASE_JS)) return out;
  const masked = lines.filter((l) => l.length <= MAX_LINE).join('\n');
  if (!IMPORTS_SUPABASE.test(masked) || !CREATE_CLIENT.test(masked)) return out;
  if (NO_PERSIST.test(masked)) return out;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.length > MAX_LINE) continue;
    const web = STORAGE_WEB.exec(l);
    if (web) {
      at(i, 'supabase-storage', { store: web[1] as string, how: 'explicit' });
      continue;
    }
    const id = STORAGE_IDENT.exec(l);
    // A storage adapter defined here over web storage (a "secure" wrapper around sessionStorage is still script-readable).
    if (id && defines(lines, id[1] as string)) {
      const used = lines.find((x) => x.length <= MAX_LINE && WEB_STORAGE_CALL.test(x));
      const store = used ? WEB_STORAGE_CALL.exec(used)?.[1] : undefined;
      if (store) at(i, 'supabase-storage', { store, how: `adapter ${id[1] as string}` });
    }
  }
  if (out.some((f) => f.kind === 'supabase-storage') || STORAGE_ANY.test(masked)) return out;
  // No storage option: supabase-js persists the session in localStorage when it runs in a browser.
  const browser = BROWSER_FILE.test(masked) || (PUBLIC_KEY.test(masked) && SPA_SOURCE.test(file.path) && !SERVER_ROUTE.test(file.path));
  if (!browser || SERVER_PATH.test(file.path)) return out;
  const i = lines.findIndex((l) => l.length <= MAX_LINE && CREATE_CLIENT.test(l));
  if (i >= 0) at(i, 'supabase-storage', { store: 'localStorage', how: 'default' });
  return out;
}

export const tokenStorageDetector: Detector = {
  id: 'token-storage',
  signals: [META],
  selects,
  prefilter: ['localStorage', 'sessionStorage', SUPABASE_JS],
  collect,
  evaluate(input) {
    const found = input.findings.filter((f) => f.kind === 'supabase-storage' || f.kind === 'token-set');
    if (found.length === 0) {
      return [{ id: META.id, status: 'pass', confidence: 'medium', evidence: [], summary: 'no auth token kept in localStorage or sessionStorage (Supabase browser client storage, setItem of a token key)' }];
    }
    const evidence = capEvidence(found.map((f) => {
      const d = f.data ?? {};
      const note = f.kind === 'supabase-storage'
        ? `Supabase client keeps the session (access and refresh token) in ${String(d.store)}${d.how === 'default' ? ' (its default in the browser)' : d.how === 'explicit' ? '' : ` through ${String(d.how)}`}`
        : `token stored in ${String(d.store)} under "${String(d.key)}"`;
      return { ...evidenceOf(input, f, note), severity: 'medium' as const };
    }));
    const files = new Set(found.map((f) => f.path)).size;
    const first = found[0] as Finding;
    return [{
      id: META.id,
      status: 'fail',
      confidence: 'high',
      evidence,
      details: { places: found.length, files },
      summary: `auth tokens kept in script-readable browser storage at ${plural(found.length, 'place')} (e.g. ${first.path}:${first.line ?? 1}): any XSS can read the session; an HttpOnly cookie cannot be read by scripts`,
    }];
  },
};
