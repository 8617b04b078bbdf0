import type { Confidence } from '../../types.js';
import { characterClasses, shannonEntropy } from './entropy.js';
import { isPlaceholderUrlPassword } from './false-positives.js';

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
  /** low: limited blast radius (test-mode keys); still reported. */
  severity: 'high' | 'medium' | 'low';
  /**
   * Whether a hit inside a test fixture still fails secrets.hardcoded. True for
   * live, provider-shaped credentials (a real `sk_live_` key in a test is still a
   * leaked key); false where fixtures legitimately carry look-alikes (generated
   * TLS keys, local database passwords, test-mode keys, generic assignments).
   */
  failsInTests: boolean;
  /** Context check on the match: return false to drop it. */
  accept?: (secret: string, match: RegExpExecArray, text: string) => boolean;
  /** The random part of the secret, for placeholder checks (prefixes like `sk_test_` contain "test"). */
  body?: (secret: string) => string;
  /** The value to fingerprint and report, when the match holds formatting (a PEM body's line breaks). */
  normalize?: (secret: string) => string;
  /** Context that changes what the hit is (a GCP service-account key, a public Firebase web key). */
  refine?: (match: RegExpExecArray, text: string) => Refinement | null;
}

export interface Refinement {
  rule?: string;
  /** Reported but never fails the signal (public by design). */
  informational?: boolean;
  note?: string;
}

// Left/right boundaries: the token must not be glued to other token characters.
const L = '(?<![A-Za-z0-9_])';
const R = '(?![A-Za-z0-9_])';

const afterPrefix = (prefix: RegExp) => (s: string) => s.replace(prefix, '');
const mixed = (s: string) => characterClasses(s) >= 3;

/** Lines around a match, for rules whose shape alone is not distinctive. */
function around(text: string, index: number, span = 300): string {
  return text.slice(Math.max(0, index - span), Math.min(text.length, index + span));
}

// `scheme://user:password@host`, matched from "://" so the scan can jump between literals.
const CREDENTIAL_URL = /:\/\/(?<user>[^:@/\s"'`]{0,64}):(?<secret>[^@/\s"'`]{1,128})@(?=[A-Za-z0-9[])/g;
const DB_SCHEME =
  /(?:^|[^A-Za-z0-9+])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)(?:\+[a-z0-9]{1,20})?$/;
const WEB_SCHEME = /(?:^|[^A-Za-z0-9+])(?:https?|ftps?|sftp|ssh|git|smtps?|ldaps?)$/;

export const RULES: readonly SecretRule[] = [
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
    refine: (m, text) =>
      /service_account/.test(around(text, m.index, 600)) ? { rule: 'gcp-service-account-key' } : null,
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
    severity: 'high',
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
    severity: 'high',
    failsInTests: true,
    body: afterPrefix(/^AIza/),
    // Firebase web config keys ship to every browser by design; they need API restrictions, not secrecy.
    refine: (m, text) =>
      /firebase|authDomain|firebaseapp\.com/i.test(around(text, m.index, 400))
        ? { informational: true, note: 'Firebase web config key: public by design, restrict it in the console' }
        : null,
  },
  {
    id: 'azure-storage-key',
    title: 'Azure storage account key',
    literals: ['AccountKey', 'accountkey', 'ACCOUNTKEY', 'account_key', 'AZURE_STORAGE'],
    pattern: /(?:AccountKey=|account_?key["']?\s{0,5}[:=]\s{0,5}["']?)(?<secret>[A-Za-z0-9+/]{86}==)/gi,
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
  },
  {
    id: 'azure-sas-key',
    title: 'Azure shared access key (Service Bus / Event Hubs / IoT)',
    literals: ['SharedAccessKey='],
    pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/g,
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
  },
  {
    id: 'github-token',
    title: 'GitHub token',
    literals: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: new RegExp(`${L}(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})${R}`, 'g'),
    confidence: 'high',
    severity: 'high',
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
    severity: 'high',
    failsInTests: true,
    body: afterPrefix(/^github_pat_/),
  },
  {
    id: 'gitlab-token',
    title: 'GitLab token',
    literals: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glcbt-', 'gloas-'],
    pattern: new RegExp(`${L}(?<secret>gl(?:pat|dt|rt|ptt|ft|cbt|oas)-[A-Za-z0-9_-]{20,80})`, 'g'),
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
    body: afterPrefix(/^gl[a-z]+-/),
  },
  {
    id: 'anthropic-key',
    title: 'Anthropic API key',
    literals: ['sk-ant-'],
    pattern: new RegExp(`${L}(?<secret>sk-ant-[a-z]{3,6}\\d{2}-[A-Za-z0-9_-]{40,120})`, 'g'),
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
    body: afterPrefix(/^sk-ant-[a-z]+\d*-/),
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
    severity: 'high',
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
    severity: 'high',
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
    severity: 'high',
    failsInTests: true,
    body: afterPrefix(/^gsk_/),
  },
  {
    id: 'replicate-token',
    title: 'Replicate API token',
    literals: ['r8_'],
    pattern: new RegExp(`${L}(?<secret>r8_[A-Za-z0-9]{37})${R}`, 'g'),
    confidence: 'high',
    severity: 'high',
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
    severity: 'high',
    failsInTests: false,
    accept: (s) => mixed(s) && shannonEntropy(s) >= 3.8,
  },
  {
    id: 'mistral-key',
    title: 'Mistral API key',
    literals: ['mistral', 'Mistral', 'MISTRAL'],
    pattern: /mistral[A-Za-z0-9_.(-]{0,30}?["']?\s{0,5}(?:=|:|,|\()\s{0,5}["']?(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])/gi,
    confidence: 'medium',
    severity: 'high',
    failsInTests: false,
    accept: (s) => mixed(s) && shannonEntropy(s) >= 3.8,
  },
  {
    id: 'stripe-live-key',
    title: 'Stripe live secret or restricted key',
    literals: ['sk_live_', 'rk_live_'],
    pattern: new RegExp(`${L}(?<secret>[sr]k_live_[A-Za-z0-9]{20,247})${R}`, 'g'),
    confidence: 'high',
    severity: 'high',
    failsInTests: true,
    body: afterPrefix(/^[sr]k_live_/),
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
    id: 'slack-token',
    title: 'Slack token',
    literals: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-', 'xoxe', 'xapp-'],
    pattern: new RegExp(`${L}(?<secret>(?:xox[abprse](?:\\.xox[a-z])?|xapp)-[0-9A-Za-z-]{20,250})`, 'g'),
    confidence: 'high',
    severity: 'high',
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
    severity: 'high',
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
    severity: 'high',
    failsInTests: true,
    body: (s) => s.replace(/^\d+:AA/, ''),
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
