import { describe, expect, it } from 'vitest';
import { collectSecrets } from '../../source/detect/detectors/secrets/hardcoded.js';
import { findSecrets } from '../../source/detect/detectors/secrets/scan.js';
import { isSecretName } from '../../source/detect/detectors/secrets/generic.js';
import { PREFILTER } from '../../source/detect/detectors/secrets/scan.js';
import { b64, hex, providerSamples, rand } from './secrets-gen.js';

const py = { base: 'app.py', ext: '.py' };
const rulesIn = (text: string, file = py) => findSecrets(text, file).map((f) => f.rule);

describe('provider rules: positives', () => {
  for (const sample of providerSamples()) {
    it(`${sample.rule} finds ${sample.line.slice(0, 40)}…`, () => {
      const found = findSecrets(sample.line, py);
      expect(found.map((f) => f.rule)).toContain(sample.rule);
      if (sample.secret) expect(found.find((f) => f.rule === sample.rule)?.secret).toBe(sample.secret);
      // The engine's prefilter must let the file through.
      expect(PREFILTER.some((p) => sample.line.includes(p))).toBe(true);
    });
  }

  it('pairs an AWS access key id with the secret key next to it', () => {
    const id = `AKIA${'IOSF'}${'K7MDNBPQR2ST'}`;
    const text = `[default]\naws_access_key_id = ${id}\nsecret = ${b64('pair', 40)}\n`;
    expect(rulesIn(text, { base: 'credentials', ext: '' })).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
  });

  it('labels a private key inside a GCP service-account JSON', () => {
    const body = Array.from({ length: 4 }, (_, i) => b64(`sa${i}`, 64)).join('\\n');
    const json = `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n"}`;
    expect(rulesIn(json, { base: 'sa.json', ext: '.json' })).toEqual(['gcp-service-account-key']);
  });
});

describe('provider rules: negatives', () => {
  const negatives: [string, string][] = [
    ['AWS documented example key', `aws_access_key_id=AKIA${'IOSFODNN7'}EXAMPLE\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLE'}KEY`],
    ['placeholder Stripe key', `STRIPE_KEY=sk_${'live'}_xxxxxxxxxxxxxxxxxxxxxxxx`],
    ['placeholder in angle brackets', 'OPENAI_API_KEY=sk-<your-key-here>'],
    ['GitHub token that is all one letter', `gh${'p'}_${'a'.repeat(36)}`],
    ['Postgres with a dev-default password', 'postgres://postgres:postgres@localhost:5432/app'],
    ['Postgres with an interpolated password', 'postgresql://app:${DB_PASSWORD}@db:5432/app'],
    ['Postgres user:password placeholder', 'postgres://user:password@host:5432/db'],
    ['URL without credentials', 'const api = "https://api.example.com:8443/v1/tokens";'],
    ['PEM mentioned in prose', 'Paste the key starting with -----BEGIN PRIVATE KEY----- into the form.'],
    ['PEM with elided body', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'],
    ['publishable Stripe key', `pk_${'live'}_${rand('pk', 24)}`],
    ['Discord-shaped token without Discord context', `const jwt = "M${rand('x1', 25)}.${rand('x2', 6)}.${rand('x3', 38)}";`],
    ['hf_ variable names', 'from huggingface_hub import hf_hub_download, hf_api_token_lookup'],
  ];
  for (const [name, text] of negatives) {
    it(`ignores ${name}`, () => {
      expect(rulesIn(text)).toEqual([]);
    });
  }
});

describe('generic rule', () => {
  const positives = [
    `password = "${rand('p1', 14)}"`,
    `const apiKey = '${rand('p2', 32)}';`,
    `"client_secret": "${rand('p3', 40)}",`,
    `private static final String API_TOKEN = "${rand('p4', 28)}";`,
    `apiKey := "${rand('p5', 32)}"`,
    `props.put("password", "${rand('p7', 12)}");`,
    `jwt_secret = "${hex('p8', 64)}"`,
  ];
  for (const line of positives) {
    it(`finds ${line.slice(0, 32)}…`, () => expect(rulesIn(line)).toEqual(['generic-secret']));
  }
  it('reads a literal Authorization: Bearer header as a bearer token', () => {
    expect(rulesIn(`headers = {"Authorization": "Bearer ${rand('p6', 40)}"}`)).toEqual(['bearer-token']);
  });
  it('reads unquoted values in YAML and env files', () => {
    expect(rulesIn(`db:\n  password: ${rand('y', 16)}\n`, { base: 'config.yml', ext: '.yml' })).toEqual(['generic-secret']);
  });

  const negatives = [
    'API_KEY=',
    'password: str',
    'password: str = Field(..., min_length=8)',
    'password = getenv("DB_PASSWORD")',
    'password = os.environ["DB_PASSWORD"]',
    'apiKey: process.env.OPENAI_API_KEY,',
    'const token = await getToken();',
    'api_key = "your-api-key"',
    'SECRET_KEY = "changeme"',
    'token = "<token>"',
    'password = "%s"',
    'auth_token = f"{prefix}-{user}"',
    'password = "${DB_PASSWORD}"',
    `password_hash = "${hex('h', 64)}"`,
    `commit_token = "${hex('sha', 40)}"`,
    'token: "550e8400-e29b-41d4-a716-446655440000"',
    `secret: "sha512-${b64('sri', 86)}=="`,
    'max_tokens = 4096',
    'tokenizer = "bert-base-uncased"',
    'password_label = "Enter your password"',
    'PASSWORD_MIN_LENGTH = 12',
    'token_url = "https://oauth2.googleapis.com/token"',
    'password = "xxxxxxxxxxxx"',
    'secret = "aaaaaaaaaaaaaaaa"',
    'api_key = "example-key-123456"',
    'password = "dummy-password"',
    'token = "test-token-1234"',
    'secretName = "prod/db/credentials"',
    'if password == "hunter2x":',
  ];
  for (const line of negatives) {
    it(`ignores ${line}`, () => expect(rulesIn(line)).toEqual([]));
  }

  it('skips lockfiles entirely but still runs provider rules there', () => {
    const lock = `"integrity": "sha512-${b64('l', 86)}==",\n"token": "${rand('lock', 32)}"`;
    expect(rulesIn(lock, { base: 'package-lock.json', ext: '.json' })).toEqual([]);
    const withKey = `resolved "https://x/-/y.tgz"\n# gh${'p'}_${rand('lockgh', 36)}`;
    expect(rulesIn(withKey, { base: 'yarn.lock', ext: '.lock' })).toEqual(['github-token']);
  });

  it('skips very long lines for the generic rule only', () => {
    const long = `${'x'.repeat(5000)};var password="${rand('long', 16)}";var k="sk_${'live'}_${rand('min', 24)}"`;
    expect(rulesIn(long, { base: 'app.min.js', ext: '.js' })).toEqual(['stripe-live-key']);
  });

  it('recognises secret-bearing names and rejects look-alikes', () => {
    for (const n of ['password', 'DB_PASSWORD', 'apiKey', 'client_secret', 'auth_token', 'GITHUB_TOKEN', 'pass', 'db_pass']) {
      expect(isSecretName(n), n).toBe(true);
    }
    for (const n of ['author', 'tokenizer', 'max_tokens', 'password_hash', 'token_url', 'secretary', 'public_key', 'passport', 'bypass_cache']) {
      expect(isSecretName(n), n).toBe(false);
    }
  });
});

describe('collect', () => {
  it('redacts every secret on the line and keeps line numbers', () => {
    const a = `sk_${'live'}_${rand('a', 24)}`;
    const b = `gh${'p'}_${rand('b', 36)}`;
    const f = collectSecrets('src/x.js', 'x.js', '.js', `// header\nconst keys = ["${a}", "${b}"];`);
    expect(f).toHaveLength(2);
    for (const finding of f) {
      expect(finding.line).toBe(2);
      expect(finding.excerpt).not.toContain(a.slice(4));
      expect(finding.excerpt).not.toContain(b.slice(4));
      expect(JSON.stringify(finding)).not.toContain(a);
      expect(JSON.stringify(finding)).not.toContain(b);
    }
  });

  it('is fast enough on a large file without secrets', () => {
    const line = 'const tokenCount = items.map((item) => item.key).filter(Boolean).length; // password reset flow\n';
    const text = line.repeat(40_000); // ~4 MB
    const t0 = performance.now();
    expect(collectSecrets('src/big.ts', 'big.ts', '.ts', text)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('generic rule: noise seen in real trees', () => {
  it('ignores badge tokens and word-valued "token" variables', () => {
    expect(rulesIn(`[![codecov](https://codecov.io/gh/acme/x/graph/badge.svg?token=${rand('cc', 10)})](https://codecov.io)`, { base: 'readme.md', ext: '.md' })).toEqual([]);
    expect(rulesIn('lastSignificantToken = "?NoLineTerminatorAfter";', { base: 'a.js', ext: '.js' })).toEqual([]);
  });
});

describe('hostile input', () => {
  const cases: Record<string, string> = {
    'BEGIN lines without END': `${'-----BEGIN PRIVATE KEY-----\n'.repeat(60_000)}-----END PRIVATE KEY-----`,
    'scheme runs': 'postgres://'.repeat(150_000),
    'colon runs before @': `${`${'a:'.repeat(60)}@`.repeat(15_000)}://`,
    'thousands of real-looking keys': Array.from({ length: 5000 }, (_, i) => `k${i} = "gh${'p'}_${rand(`h${i}`, 36)}"`).join('\n'),
    'JWT look-alikes that do not decode': 'eyJaaaaaaaaaa.eyJbbbbbbbbbb.'.repeat(8000),
    'a JWT part without an end': `eyJ${'a'.repeat(200_000)}`,
    'Authorization: Bearer runs': 'Authorization: Bearer '.repeat(9000),
    'SAS signatures without a version': '?sig='.repeat(40_000),
    'env lookups with defaults': `${'process.env.API_KEY || '.repeat(150)}\n`.repeat(400),
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`stays fast on ${name}`, () => {
      const t0 = performance.now();
      findSecrets(text, { base: 'a.js', ext: '.js' });
      expect(performance.now() - t0).toBeLessThan(3000);
    });
  }
});
