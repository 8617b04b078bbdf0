import type { Confidence, FindingSeverity } from '../../types.js';
import { characterClasses, shannonEntropy } from './entropy.js';
import { isPlaceholderUrlPassword, looksRandom } from './false-positives.js';
import { classifyJwt, jwtVerdict } from './jwt.js';

/**
 * Provider rules, as data. Written for shipshape from the providers' published
 * token formats; each pattern captures the credential in the named group `secret`.
 * Patterns never cross a line (except the private-key block) and use bounded
 * quantifiers only, so a hostile file cannot make them backtrack for long.
 */
export interface SecretRule {
  id: string;
  title: string;
  /** The rule runs only when the text contains one of these (case-sensitive). */
  literals: readonly string[];
  /** Global regex with a named group `secret`. */
  pattern: RegExp;
  confidence: Confidence;
  /**
   * critical: a live provider key or a key that bypasses access control (it works for
   * whoever reads it); high: private keys, database URLs with a password, signing
   * secrets; medium: generic secret-named values; low: limited blast radius (test-mode
   * keys). Still reported at every level.
   */
  severity: FindingSeverity;
  /**
   * Whether a hit inside a test fixture still fails secrets.hardcoded. True for
   * live, provider-shaped credentials (a real `sk_live_` key in a test is still a
   * leaked key); false where fixtures legitimately carry look-alikes (generated
   * TLS keys, local database passwords, test-mode keys, generic assignments).
   */
  failsInTests: boolean;
  /** Context check on the match: return false to drop it. */
  accept?: (secret: string, match: RegExpExecArray, text: string) => boolean;
  /** The value is free text (no provider format): judge it with the word-aware placeholder check. */
  freeForm?: boolean;
  /** The random part of the secret, for placeholder checks (prefixes like `sk_test_` contain "test"). */
  body?: (secret: string) => string;
  /** The value to fingerprint and report, when the match holds formatting (a PEM body's line breaks). */
  normalize?: (secret: string) => string;
  /** Context that changes what the hit is (a GCP service-account key, a public Firebase web key). */
  refine?: (match: RegExpExecArray, text: string) => Refinement | null;
}

export interface Refinement {
  rule?: string;
  title?: string;
  severity?: FindingSeverity;
  /** Reported but never fails the signal (public by design). */
  informational?: boolean;
  /** Not a finding, but still redacted wherever its line is shown (a short-lived session token). */
  redactOnly?: boolean;
  note?: string;
}

// Left/right boundaries: the token must not be glued to other token characters.
const L = '(?<![A-Za-z0-9_])';
const R = '(?![A-Za-z0-9_])';
// For token alphabets that include "-".
const LD = '(?<![A-Za-z0-9_-])';
const RD = '(?![A-Za-z0-9_-])';
const UUID_RE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const afterPrefix = (prefix: RegExp) => (s: string) => s.replace(prefix, '');
// Random characters mix classes; but 0.2–2% of uniform 32–40 character keys have no digit,
// so two classes with enough entropy are enough (a real key must not be lost to chance).
const mixed = (s: string) => characterClasses(s) >= 2 && shannonEntropy(s) >= 3;

/** Lines around a match, for rules whose shape alone is not distinctive. */
function around(text: string, index: number, span = 300): string {
  return text.slice(Math.max(0, index - span), Math.min(text.length, index + span));
}

/** The text of the match's line before it (at most `span` characters). */
function lineBefore(text: string, index: number, span = 200): string {
  const from = Math.max(0, index - span);
  const nl = text.lastIndexOf('\n', index - 1);
  return text.slice(Math.max(from, nl + 1), index);
}

/**
 * A Maps browser key: loaded by the Maps JavaScript API URL on its line, or assigned to a
 * name the bundler ships to browsers (a public prefix) with a MAP(S), PLACES or GEOCODING
 * part (`VITE_GOOGLE_MAPS_API_KEY=`). A server's Places or Geocoding key cannot be held by a
 * referrer restriction, and the same key format serves Gemini: those stay critical.
 */
function isMapsKey(before: string): boolean {
  if (before.includes('maps.googleapis.com/maps/api/js')) return true;
  const name = /([\w.-]{1,80})["']?\s{0,5}[:=]\s{0,5}["'`]?$/.exec(before)?.[1];
  if (!name || !/^(?:VITE|NEXT_PUBLIC|EXPO_PUBLIC|REACT_APP|NUXT_PUBLIC|PUBLIC|GATSBY|VUE_APP)_/.test(name)) return false;
  const parts = name.toUpperCase().split(/[_.-]+/);
  return parts.some((p) => p === 'MAP' || p === 'MAPS' || p === 'PLACES' || p.startsWith('GEOCOD'));
}

const hexAndDigits = (s: string) => /\d/.test(s) && /[a-fA-F]/.test(s);

// `scheme://user:password@host`, matched from "://" so the scan can jump between literals.
const CREDENTIAL_URL = /:\/\/(?<user>[^:@/\s"'`]{0,64}):(?<secret>[^@/\s"'`]{1,128})@(?=[A-Za-z0-9[])/g;
const DB_SCHEME =
  /(?:^|[^A-Za-z0-9+])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)(?:\+[a-z0-9]{1,20})?$/;
const WEB_SCHEME = /(?:^|[^A-Za-z0-9+])(?:https?|ftps?|sftp|ssh|git|smtps?|ldaps?)$/;

export const RULES: readonly SecretRule[] = [
  {
    id: 'jwt',
    title: 'JSON Web Token',
    literals: ['eyJ'],
    // Three base64url parts; the first two decode to JSON objects (checked in accept).
    pattern: new RegExp(`${LD}(?<secret>eyJ[A-Za-z0-9_-]{8,3000}\\.eyJ[A-Za-z0-9_-]{8,6000}\\.[A-Za-z0-9_-]{0,1000})${RD}`, 'g'),
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
    body: (s) => s.split('.')[2] ?? '',
    // Decoded, not guessed: a non-token is dropped; a short-lived session token is no
    // finding, but it is still a bearer credential until it expires, so excerpts hide it.
    accept: (s) => classifyJwt(s).kind !== 'not-a-jwt',
    refine: (m) => {
      const v = jwtVerdict(m.groups?.['secret'] ?? '');
      if (!v) return { rule: 'jwt-session', title: 'JSON Web Token with a short expiry (a session token)', severity: 'low', redactOnly: true };
      return { rule: v.rule, title: v.title, severity: v.severity, ...(v.public ? { informational: true } : {}), ...(v.note ? { note: v.note } : {}) };
    },
  },
  {
    id: 'supabase-access-token',
    title: 'Supabase personal access token (manages every project of the account)',
    literals: ['sbp_'],
    pattern: new RegExp(`${L}(?<secret>sbp_(?:v0_)?[a-f0-9]{40})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^sbp_(?:v0_)?/),
  },
  {
    id: 'supabase-secret-key',
    title: 'Supabase secret API key (bypasses row-level security)',
    literals: ['sb_secret_'],
    pattern: new RegExp(`${L}(?<secret>sb_secret_[A-Za-z0-9_-]{20,100})${RD}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^sb_secret_/),
  },
  {
    id: 'supabase-publishable-key',
    title: 'Supabase publishable key',
    literals: ['sb_publishable_'],
    pattern: new RegExp(`${L}(?<secret>sb_publishable_[A-Za-z0-9_-]{20,100})${RD}`, 'g'),
    confidence: 'high',
    severity: 'low',
    failsInTests: false,
    body: afterPrefix(/^sb_publishable_/),
    refine: () => ({ informational: true, note: 'public publishable key: meant for browsers; row-level security is what protects the data' }),
  },
  {
    id: 'private-key',
    title: 'Private key block',
    literals: ['-----BEGIN'],
    // The body is validated below; an END marker is required so prose that merely
    // mentions "BEGIN PRIVATE KEY" does not count. The body may not contain "-----",
    // so a file of BEGIN lines without END costs one line each, not 12,000 characters.
    pattern:
      /-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----(?<secret>(?:(?!-----)[\s\S]){0,12000})-----END[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----/g,
    confidence: 'high',
    severity: 'high',
    failsInTests: false,
    accept: (secret) => keyBody(secret).length >= 64 && !/x{8,}|\.\.\./i.test(secret),
    body: (s) => keyBody(s),
    normalize: (s) => keyBody(s),
    // A Firebase/GCP service-account file: the key plus the account it signs as is a working login.
    refine: (m, text) =>
      /service_account|"client_email"/.test(around(text, m.index, 2000))
        ? { rule: 'gcp-service-account-key', title: 'Google Cloud / Firebase service-account private key', severity: 'critical' }
        : null,
  },
  {
    id: 'aws-access-key-id',
    title: 'AWS access key id',
    literals: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    pattern: new RegExp(`${L}(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})${R}`, 'g'),
    // An id alone grants nothing; the secret key next to it (found separately) does.
    confidence: 'medium',
    severity: 'medium',
    failsInTests: false,
    body: afterPrefix(/^(?:AKIA|ASIA|ABIA|ACCA)/),
  },
  {
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    literals: ['secret', 'Secret', 'SECRET'],
    pattern:
      /secret_?(?:access_?)?key["']?\s{0,5}(?:=|:|=>)\s{0,5}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    // AWS's own names (aws_secret_access_key, SecretAccessKey, AWS_SECRET_KEY), found from "secret" onwards.
    accept: (s, m, text) =>
      (/access/i.test(m[0]) || /aws_?$/i.test(text.slice(Math.max(0, m.index - 4), m.index))) &&
      mixed(s) &&
      shannonEntropy(s) >= 4,
  },
  {
    id: 'gcp-api-key',
    title: 'Google API key (GCP / Gemini / Firebase)',
    literals: ['AIza'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^AIza/),
    // Firebase web config keys and Maps JavaScript API keys ship to every browser by design;
    // they need API and referrer restrictions, not secrecy.
    refine: (m, text) => {
      if (/firebase|authDomain|firebaseapp\.com/i.test(around(text, m.index, 400))) return { informational: true, note: 'Firebase web config key: public by design, restrict it in the console' };
      if (isMapsKey(lineBefore(text, m.index))) return { informational: true, note: 'Google Maps browser key: public by design (every page with a map sends it); restrict it by HTTP referrer and to the Maps APIs' };
      return null;
    },
  },
  {
    id: 'azure-storage-key',
    title: 'Azure storage account key',
    literals: ['AccountKey', 'accountkey', 'ACCOUNTKEY', 'account_key', 'AZURE_STORAGE'],
    pattern: /(?:AccountKey=|account_?key["']?\s{0,5}[:=]\s{0,5}["']?)(?<secret>[A-Za-z0-9+/]{86}==)/gi,
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
  },
  {
    id: 'azure-sas-key',
    title: 'Azure shared access key (Service Bus / Event Hubs / IoT)',
    literals: ['SharedAccessKey='],
    pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/g,
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
  },
  {
    id: 'github-token',
    title: 'GitHub token',
    literals: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: new RegExp(`${L}(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^gh[pousr]_/),
    accept: (s) => mixed(s.slice(4)),
  },
  {
    id: 'github-fine-grained-pat',
    title: 'GitHub fine-grained personal access token',
    literals: ['github_pat_'],
    pattern: new RegExp(`${L}(?<secret>github_pat_[A-Za-z0-9_]{70,255})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^github_pat_/),
  },
  {
    id: 'gitlab-token',
    title: 'GitLab token',
    literals: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glcbt-', 'gloas-'],
    pattern: new RegExp(`${L}(?<secret>gl(?:pat|dt|rt|ptt|ft|cbt|oas)-[A-Za-z0-9_-]{20,80})`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^gl[a-z]+-/),
  },
  {
    id: 'anthropic-key',
    title: 'Anthropic API key',
    literals: ['sk-ant-'],
    pattern: new RegExp(`${L}(?<secret>sk-ant-[a-z]{3,6}\\d{2}-[A-Za-z0-9_-]{40,120})`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^sk-ant-[a-z]+\d*-/),
  },
  {
    id: 'openrouter-key',
    title: 'OpenRouter API key',
    literals: ['sk-or-'],
    pattern: new RegExp(`${L}(?<secret>sk-or-v1-[a-f0-9]{64})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^sk-or-v1-/),
  },
  {
    id: 'perplexity-key',
    title: 'Perplexity API key',
    literals: ['pplx-'],
    pattern: new RegExp(`${L}(?<secret>pplx-[A-Za-z0-9]{48})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^pplx-/),
    accept: (s) => mixed(s.slice(5)),
  },
  {
    id: 'openai-key',
    title: 'OpenAI API key',
    literals: ['sk-'],
    // Project/service-account/admin keys, and the legacy 48-character form.
    pattern: new RegExp(
      `${L}(?<secret>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}|sk-[A-Za-z0-9]{48})(?![A-Za-z0-9_-])`,
      'g',
    ),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^sk-(?:proj-|svcacct-|admin-)?/),
    accept: (s) => mixed(s.replace(/^sk-(?:proj-|svcacct-|admin-)?/, '')),
  },
  {
    id: 'huggingface-token',
    title: 'Hugging Face access token',
    literals: ['hf_'],
    pattern: new RegExp(`${L}(?<secret>hf_[A-Za-z0-9]{34})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^hf_/),
    accept: (s) => mixed(s.slice(3)),
  },
  {
    id: 'groq-key',
    title: 'Groq API key',
    literals: ['gsk_'],
    pattern: new RegExp(`${L}(?<secret>gsk_[A-Za-z0-9]{52})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^gsk_/),
  },
  {
    id: 'replicate-token',
    title: 'Replicate API token',
    literals: ['r8_'],
    pattern: new RegExp(`${L}(?<secret>r8_[A-Za-z0-9]{37})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^r8_/),
    accept: (s) => mixed(s.slice(3)),
  },
  {
    id: 'cohere-key',
    title: 'Cohere API key',
    literals: ['cohere', 'Cohere', 'COHERE'],
    // No distinctive prefix: a 40-character key assigned to something named after Cohere.
    pattern: /cohere[A-Za-z0-9_.(-]{0,30}?["']?\s{0,5}(?:=|:|,|\()\s{0,5}["']?(?<secret>[A-Za-z0-9]{40})(?![A-Za-z0-9])/gi,
    confidence: 'medium',
    severity: 'critical',
    failsInTests: false,
    accept: (s) => mixed(s) && shannonEntropy(s) >= 3.8,
  },
  {
    id: 'mistral-key',
    title: 'Mistral API key',
    literals: ['mistral', 'Mistral', 'MISTRAL'],
    pattern: /mistral[A-Za-z0-9_.(-]{0,30}?["']?\s{0,5}(?:=|:|,|\()\s{0,5}["']?(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])/gi,
    confidence: 'medium',
    severity: 'critical',
    failsInTests: false,
    accept: (s) => mixed(s) && shannonEntropy(s) >= 3.8,
  },
  {
    id: 'stripe-live-key',
    title: 'Stripe live secret or restricted key',
    literals: ['sk_live_', 'rk_live_'],
    pattern: new RegExp(`${L}(?<secret>[sr]k_live_[A-Za-z0-9]{20,247})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^[sr]k_live_/),
    // Clerk's secret keys share Stripe's prefix; the code around says which.
    refine: (m, text) => (/clerk/i.test(around(text, m.index)) ? { rule: 'clerk-secret-key', title: 'Clerk secret key' } : null),
  },
  {
    id: 'stripe-test-key',
    title: 'Stripe test-mode secret key',
    literals: ['sk_test_', 'rk_test_'],
    pattern: new RegExp(`${L}(?<secret>[sr]k_test_[A-Za-z0-9]{20,247})${R}`, 'g'),
    confidence: 'high',
    severity: 'low',
    failsInTests: false,
    body: afterPrefix(/^[sr]k_test_/),
    refine: (m, text) =>
      /clerk/i.test(around(text, m.index)) ? { rule: 'clerk-test-key', title: 'Clerk development-instance secret key' } : null,
  },
  {
    id: 'stripe-webhook-secret',
    title: 'Stripe webhook signing secret',
    literals: ['whsec_'],
    pattern: new RegExp(`${L}(?<secret>whsec_[A-Za-z0-9+/=]{32,100})`, 'g'),
    confidence: 'high',
    severity: 'high',
    failsInTests: false,
    body: afterPrefix(/^whsec_/),
  },
  {
    id: 'sendgrid-key',
    title: 'SendGrid API key',
    literals: ['SG.'],
    pattern: new RegExp(`${L}(?<secret>SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})${RD}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: (s) => s.slice(3),
    accept: (s) => mixed(s.slice(3)),
  },
  {
    id: 'mailgun-key',
    title: 'Mailgun API key',
    literals: ['key-', 'mailgun', 'Mailgun', 'MAILGUN'],
    // The legacy `key-<32 hex>` form anywhere; the newer `<32 hex>-<8>-<8>` form beside Mailgun's name.
    pattern: new RegExp(`${L}(?<secret>key-[a-f0-9]{32}|[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8})${RD}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^key-/),
    accept: (s, m, text) => hexAndDigits(s.replace(/^key-/, '')) && (s.startsWith('key-') || /mailgun/i.test(around(text, m.index))),
  },
  {
    id: 'postmark-token',
    title: 'Postmark server or account token',
    literals: ['postmark', 'Postmark', 'POSTMARK'],
    // A UUID is only a shape: it counts beside Postmark's name.
    pattern: new RegExp(`${L}(?<secret>${UUID_RE})${R}`, 'g'),
    confidence: 'medium',
    severity: 'critical',
    failsInTests: false,
    accept: (_s, m, text) => /postmark/i.test(lineBefore(text, m.index, 160)),
  },
  {
    id: 'twilio-api-key',
    title: 'Twilio API key',
    literals: ['twilio', 'Twilio', 'TWILIO', 'account_sid', 'accountSid', 'ACCOUNT_SID'],
    pattern: new RegExp(`${L}(?<secret>SK[0-9a-fA-F]{32})${R}`, 'g'),
    confidence: 'medium',
    severity: 'critical',
    failsInTests: true,
    body: (s) => s.slice(2),
    accept: (s, m, text) => hexAndDigits(s.slice(2)) && /twilio|account_?sid|\bAC[0-9a-f]{32}\b/i.test(around(text, m.index, 600)),
  },
  {
    id: 'twilio-auth-token',
    title: 'Twilio auth token',
    literals: ['twilio', 'Twilio', 'TWILIO'],
    // 32 hex is only a shape: it counts beside an account SID and Twilio's name.
    pattern: new RegExp(`${L}(?<secret>[0-9a-f]{32})${R}`, 'g'),
    confidence: 'medium',
    severity: 'critical',
    failsInTests: true,
    accept: (s, m, text) => {
      const near = around(text, m.index, 400);
      return hexAndDigits(s) && /twilio/i.test(near) && /\bAC[0-9a-f]{32}\b/.test(near) && /token|auth|secret|password/i.test(lineBefore(text, m.index, 120));
    },
  },
  {
    id: 'shopify-token',
    title: 'Shopify access token or shared secret',
    literals: ['shpat_', 'shpss_', 'shpca_', 'shppa_'],
    pattern: new RegExp(`${L}(?<secret>shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: (s) => s.slice(6),
  },
  {
    id: 'pinecone-key',
    title: 'Pinecone API key',
    literals: ['pcsk_', 'pinecone', 'Pinecone', 'PINECONE'],
    // Current keys carry a prefix; legacy keys are UUIDs, counted beside Pinecone's name.
    pattern: new RegExp(`${L}(?<secret>pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{40,90}|${UUID_RE})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^pcsk_[A-Za-z0-9]+_/),
    accept: (s, m, text) => s.startsWith('pcsk_') || /pinecone/i.test(lineBefore(text, m.index, 160)),
  },
  {
    id: 'resend-key',
    title: 'Resend API key',
    literals: ['re_'],
    pattern: new RegExp(`${L}(?<secret>re_[A-Za-z0-9]{8,12}_[A-Za-z0-9]{20,40})${R}`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^re_/),
    accept: (s) => mixed(s.slice(3).replace('_', '')),
  },
  {
    id: 'azure-sas-token',
    title: 'Azure shared access signature (SAS) token',
    literals: ['sig='],
    pattern: /[?&;](?:sig)=(?<secret>[A-Za-z0-9%+/]{30,120}(?:%3D|=){0,2})(?![A-Za-z0-9%+/=])/g,
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
    // A SAS token carries a service version and permissions next to its signature.
    accept: (_s, m, text) => {
      const near = around(text, m.index, 400);
      return /[?&;]sv=\d{4}-\d{2}-\d{2}/.test(near) && /[?&;](?:sp|ss|srt|sr|se)=/.test(near);
    },
  },
  {
    id: 'slack-token',
    title: 'Slack token',
    literals: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-', 'xoxe', 'xapp-'],
    pattern: new RegExp(`${L}(?<secret>(?:xox[abprse](?:\\.xox[a-z])?|xapp)-[0-9A-Za-z-]{20,250})`, 'g'),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: afterPrefix(/^(?:xox[a-z](?:\.xox[a-z])?|xapp)-/),
    accept: (s) => /\d/.test(s) && /[A-Za-z]/.test(s.slice(5)),
  },
  {
    id: 'slack-webhook',
    title: 'Slack incoming webhook URL',
    literals: ['hooks.slack.com'],
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9_/+-]{20,200})/g,
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
  },
  {
    id: 'discord-webhook',
    title: 'Discord webhook URL',
    literals: ['discord.com/api/webhooks', 'discordapp.com/api/webhooks'],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/(?<secret>\d{15,21}\/[A-Za-z0-9_-]{60,80})/g,
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
  },
  {
    id: 'discord-bot-token',
    title: 'Discord bot token',
    literals: ['discord', 'Discord', 'DISCORD'],
    pattern: new RegExp(
      `${L}(?<secret>[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_-])`,
      'g',
    ),
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    // The shape resembles other dotted tokens; demand Discord context nearby.
    accept: (s, m, text) => mixed(s) && /discord/i.test(around(text, m.index)),
  },
  {
    id: 'telegram-bot-token',
    title: 'Telegram bot token',
    literals: [':AA'],
    pattern: /(?<![A-Za-z0-9_:])(?<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g,
    confidence: 'high',
    severity: 'critical',
    failsInTests: true,
    body: (s) => s.replace(/^\d+:AA/, ''),
  },
  {
    id: 'bearer-token',
    title: 'Bearer token in an Authorization header',
    literals: ['Bearer ', 'bearer ', 'BEARER '],
    pattern: /(?<![A-Za-z0-9_])(?:Bearer|bearer|BEARER)[ \t]{1,4}(?<secret>[A-Za-z0-9._~+/-]{16,512}=*)(?![A-Za-z0-9._~+/=-])/g,
    confidence: 'medium',
    severity: 'medium',
    failsInTests: false,
    freeForm: true,
    // A literal, random-looking credential on an Authorization line (headers, curl -H, SQL jsonb).
    accept: (s, m, text) => /authorization|-H\s*["']?$/i.test(lineBefore(text, m.index, 200)) && looksRandom(s, 16, 3.2) && /\d/.test(s),
  },
  {
    id: 'database-url',
    title: 'Database URL with a password',
    literals: ['://'],
    // Starts at the literal "://" (fast to find); the scheme is checked in accept().
    pattern: CREDENTIAL_URL,
    confidence: 'high',
    severity: 'high',
    failsInTests: false,
    accept: (s, m, text) =>
      DB_SCHEME.test(text.slice(Math.max(0, m.index - 40), m.index)) &&
      !isPlaceholderUrlPassword(m.groups?.['user'] ?? '', s),
  },
  {
    id: 'url-credentials',
    title: 'URL with embedded credentials',
    literals: ['://'],
    pattern: CREDENTIAL_URL,
    confidence: 'medium',
    severity: 'medium',
    failsInTests: false,
    accept: (s, m, text) =>
      WEB_SCHEME.test(text.slice(Math.max(0, m.index - 20), m.index)) &&
      (m.groups?.['user'] ?? '') !== '' &&
      s.length >= 6 &&
      !isPlaceholderUrlPassword(m.groups?.['user'] ?? '', s) &&
      characterClasses(s) >= 2 &&
      shannonEntropy(s) >= 2.5,
  },
];

/** A key block's base64 payload, whatever the quoting (`\n` escapes in JSON, string concatenation). */
export function keyBody(raw: string): string {
  return raw
    .replace(/\\[nr]/g, '')
    .replace(/^[A-Za-z-]+:.*$/gm, '') // PEM headers such as Proc-Type
    .replace(/[^A-Za-z0-9+/=]/g, '');
}
