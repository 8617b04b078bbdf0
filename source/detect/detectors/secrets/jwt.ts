import type { FindingSeverity } from '../../types.js';

/**
 * JSON Web Tokens are decoded, not guessed: the payload says what the token is.
 * A Supabase `service_role` key bypasses row-level security (a blocker wherever it
 * is committed), an `anon` key is public by design (it ships in every browser
 * bundle), and other tokens matter when they live long. Header and payload are
 * decoded in memory only; nothing read from them leaves this module except the
 * few words of `JwtClass` (role, issuer kind), which are sanitised by the caller.
 */

interface JwtClaims {
  iss?: string;
  role?: string;
  exp?: number;
  iat?: number;
  ref?: string;
}

export type JwtClass =
  | { kind: 'supabase-service-role'; issuer: string }
  | { kind: 'supabase-anon' }
  | { kind: 'supabase-demo'; role: string }
  | { kind: 'long-lived'; issuer: string | null; role: string | null; expiry: 'none' | 'far' }
  | { kind: 'short-lived' }
  | { kind: 'not-a-jwt' };

/** Longest lifetime that still counts as a session token rather than a standing credential. */
const SHORT_LIVED_SECONDS = 30 * 24 * 3600;

function decodePart(part: string): Record<string, unknown> | null {
  if (part.length === 0 || part.length > 4000) return null;
  try {
    const json = Buffer.from(part, 'base64url').toString('utf8');
    // Cheap shape check first: hostile text can hold thousands of `eyJ….eyJ….` look-alikes, and a failed parse costs.
    if (!json.startsWith('{') || !json.trimEnd().endsWith('}')) return null;
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Header and claims of a compact JWT, or null when it is not one (the header must name an algorithm). */
function decodeJwt(token: string): JwtClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const header = decodePart(parts[0] ?? '');
  if (!header || typeof header['alg'] !== 'string') return null;
  const payload = decodePart(parts[1] ?? '');
  if (!payload) return null;
  const claims: JwtClaims = {};
  const iss = str(payload['iss']);
  const role = str(payload['role']);
  const exp = num(payload['exp']);
  const iat = num(payload['iat']);
  const ref = str(payload['ref']);
  if (iss !== undefined) claims.iss = iss;
  if (role !== undefined) claims.role = role;
  if (exp !== undefined) claims.exp = exp;
  if (iat !== undefined) claims.iat = iat;
  if (ref !== undefined) claims.ref = ref;
  return claims;
}

/** What a token is, from its claims. `now` (seconds) is used only when the token has an expiry but no issue time. */
export function classifyJwt(token: string, now = Date.now() / 1000): JwtClass {
  const c = decodeJwt(token);
  if (!c) return { kind: 'not-a-jwt' };
  const supabase = c.iss === 'supabase' || (c.iss ?? '').endsWith('/auth/v1') || c.ref !== undefined;
  // The Supabase CLI's local-development keys are published with the CLI: the same for everyone.
  if (c.iss === 'supabase-demo') return { kind: 'supabase-demo', role: c.role ?? 'unknown' };
  if (supabase && c.role === 'service_role') return { kind: 'supabase-service-role', issuer: 'supabase' };
  if (supabase && c.role === 'anon') return { kind: 'supabase-anon' };
  const lifetime = c.exp === undefined ? Infinity : c.exp - (c.iat ?? now);
  if (lifetime <= SHORT_LIVED_SECONDS) return { kind: 'short-lived' };
  return { kind: 'long-lived', issuer: c.iss ?? null, role: c.role ?? null, expiry: c.exp === undefined ? 'none' : 'far' };
}

export interface JwtVerdict {
  rule: string;
  title: string;
  severity: FindingSeverity;
  /** Shown, never counted: public by design or published with a tool. */
  public: boolean;
  note?: string;
}

/** A short, printable word from a claim: no spaces, no control characters, no more than 40 characters. */
function word(s: string | null): string | null {
  if (s === null) return null;
  const w = s.replace(/[^A-Za-z0-9_.:/@-]/g, '').slice(0, 40);
  return w === '' ? null : w;
}

/** The finding a token makes, or null when it is not one (not a JWT, or a short-lived session token). */
export function jwtVerdict(token: string): JwtVerdict | null {
  const c = classifyJwt(token);
  switch (c.kind) {
    case 'supabase-service-role':
      return { rule: 'supabase-service-role-key', title: 'Supabase service-role key (bypasses row-level security)', severity: 'critical', public: false };
    case 'supabase-anon':
      return {
        rule: 'supabase-anon-key',
        title: 'Supabase public anon key',
        severity: 'low',
        public: true,
        note: 'public anon key: meant for browsers; row-level security is what protects the data',
      };
    case 'supabase-demo':
      return {
        rule: 'supabase-demo-key',
        title: `Supabase local-development ${word(c.role) ?? ''} key`.replace(/\s+/g, ' '),
        severity: 'low',
        public: true,
        note: 'published with the Supabase CLI for local development; the same for everyone',
      };
    case 'long-lived': {
      const what = [c.issuer ? `issuer ${word(c.issuer)}` : null, c.role ? `role ${word(c.role)}` : null].filter(Boolean).join(', ');
      return {
        rule: 'jwt',
        title: `JSON Web Token${what ? ` (${what})` : ''} with ${c.expiry === 'none' ? 'no expiry' : 'a far expiry'}`,
        severity: 'high',
        public: false,
      };
    }
    default:
      return null;
  }
}
