import { describe, expect, it } from 'vitest';
import { secretsDetector, secretsEnvDetector } from '../../source/detect/detectors/secrets/index.js';
import { classifyJwt, jwtVerdict } from '../../source/detect/detectors/secrets/jwt.js';
import { isDocsPath, testDataReason } from '../../source/detect/detectors/secrets/paths.js';
import { collectSecrets } from '../../source/detect/detectors/secrets/hardcoded.js';
import { findSecrets } from '../../source/detect/detectors/secrets/scan.js';
import type { Signal } from '../../source/detect/types.js';
import { runDetector } from '../helpers/detector-harness.js';
import { hex, jwt, rand, supabaseKey, uuidOf } from './secrets-gen.js';

/**
 * Secrets as they appear in apps built with AI app builders (issue 9): structured
 * tokens decoded, names and fallbacks in every language, `.env` lines, docs
 * placeholders, repeats, test data kept apart, and a severity on every finding.
 */

const ts = { base: 'app.ts', ext: '.ts' };
const rulesIn = (text: string, file: { base: string; ext: string; docs?: boolean; env?: boolean } = ts) => findSecrets(text, file).map((f) => f.rule);
const repo = { git: { isRepository: true } };

async function hardcoded(files: Record<string, string>): Promise<Signal> {
  const s = (await runDetector(secretsDetector, files, repo)).get('secrets.hardcoded');
  if (!s) throw new Error('no signal');
  return s;
}

const SERVICE = supabaseKey('service_role', 'ai-service');
const ANON = supabaseKey('anon', 'ai-anon');

describe('JSON Web Tokens are decoded, not guessed', () => {
  it('names a Supabase service-role key as such: critical', () => {
    expect(jwtVerdict(SERVICE)).toMatchObject({ rule: 'supabase-service-role-key', title: 'Supabase service-role key (bypasses row-level security)', severity: 'critical', public: false });
    const [hit] = findSecrets(`const SUPABASE_KEY = '${SERVICE}';`, ts);
    expect(hit).toMatchObject({ rule: 'supabase-service-role-key', severity: 'critical', informational: false });
  });

  it('keeps an anon key apart as public, and the Supabase CLI demo keys too', () => {
    expect(jwtVerdict(ANON)).toMatchObject({ rule: 'supabase-anon-key', public: true });
    expect(findSecrets(`const key = "${ANON}";`, ts)[0]).toMatchObject({ rule: 'supabase-anon-key', informational: true });
    const demo = supabaseKey('service_role', 'demo', 'supabase-demo');
    expect(jwtVerdict(demo)).toMatchObject({ rule: 'supabase-demo-key', public: true });
  });

  it('reports other long-lived tokens with their issuer and role, and drops session tokens', () => {
    expect(jwtVerdict(jwt({ iss: 'n8n', role: 'admin' }, 'n'))?.title).toBe('JSON Web Token (issuer n8n, role admin) with no expiry');
    expect(jwtVerdict(jwt({ iss: 'acme', iat: 1_700_000_000, exp: 1_700_000_000 + 400 * 86400 }, 'far'))?.title).toMatch(/a far expiry/);
    expect(jwtVerdict(jwt({ sub: 'u1', iat: 1_700_000_000, exp: 1_700_003_600 }, 'short'))).toBeNull();
    // Kept only so excerpts hide it: no finding, under any name.
    const session = jwt({ sub: 'u1', iat: 1_700_000_000, exp: 1_700_003_600 }, 'short2');
    expect(findSecrets(`const token = "${session}";`, ts).map((f) => [f.rule, f.redactOnly])).toEqual([['jwt-session', true]]);
    expect(collectSecrets('src/a.ts', 'a.ts', '.ts', `const token = "${session}";`)).toEqual([]);
    const [other] = collectSecrets('src/b.ts', 'b.ts', '.ts', `auth("${session}", "sk-${'proj'}-${rand('beside', 64)}");`);
    expect(other?.data?.['rule']).toBe('openai-key');
    expect(other?.excerpt).not.toContain(session.split('.')[1]);
  });

  it('does not take three dotted base64 parts that are not JSON for a token', () => {
    expect(classifyJwt(`eyJ${rand('a', 20)}.eyJ${rand('b', 20)}.${rand('c', 20)}`).kind).toBe('not-a-jwt');
  });

  it('never puts the decoded claims in a finding, only the few words of its title', () => {
    const secretClaim = `tenant-${rand('claim', 12)}`;
    const token = jwt({ iss: 'acme', role: 'ops', tenant: secretClaim }, 'claims');
    const [hit] = findSecrets(`TOKEN = "${token}"`, { base: 'a.py', ext: '.py' });
    expect(JSON.stringify({ title: hit?.title, rule: hit?.rule, note: hit?.note })).not.toContain(secretClaim);
  });
});

describe('provider keys are not lost for lacking a character class by chance', () => {
  it('finds Hugging Face tokens made of letters only (their usual form)', () => {
    const letters = rand('hf-letters', 34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz').replace(/aZ7$/, 'aZq');
    expect(rulesIn(`login(token="h${'f'}_${letters}")`)).toEqual(['huggingface-token']);
  });
});

describe('shape-only formats count under a name that says key, secret or token', () => {
  it('finds a UUID-shaped provider key by its name, in code and in .env', () => {
    expect(rulesIn(`ARK_API_KEY=${uuidOf('ark')}`, { base: '.env', ext: '', env: true })).toEqual(['generic-secret']);
    expect(rulesIn(`const pineconeKey = "${uuidOf('pc')}";`)).toEqual(['pinecone-key']);
    expect(rulesIn(`apiKey: "${uuidOf('k')}",`)).toEqual(['generic-secret']);
  });

  it('leaves UUIDs and hex under other names, and the famous example UUIDs, alone', () => {
    expect(rulesIn(`const requestId = "${uuidOf('r')}";`)).toEqual([]);
    expect(rulesIn(`token: "${uuidOf('bare')}"`)).toEqual([]);
    expect(rulesIn('API_KEY = "123e4567-e89b-12d3-a456-426614174000"')).toEqual([]);
    expect(rulesIn(`etag_token = "${hex('etag', 40)}"`)).toEqual([]);
    expect(rulesIn(`WEATHER_API_KEY = "${hex('owm', 32)}"`)).toEqual(['generic-secret']);
  });
});

describe('names', () => {
  const found = [
    `const SUPABASE_KEY = '${rand('n1', 32)}';`,
    `const stripeKey = "${rand('n2', 28)}";`,
    `SUPABASE_SERVICE_ROLE = "${rand('n3', 40)}"`,
    `const API_KEY: &str = "${rand('n4', 32)}";`,
    `<password>${rand('n5', 14)}</password>`,
    `'api_key' => '${rand('n6', 32)}',`,
    `  api_key: "${rand('n7', 32)}"`,
    `apiKey := "${rand('n8', 32)}"`,
    `val apiKey = "${rand('n9', 32)}"`,
    `$env:OPENAI_KEY = "${rand('n10', 40)}"`,
  ];
  for (const line of found) it(`finds ${line.slice(0, 30)}…`, () => expect(rulesIn(line)).toEqual(['generic-secret']));

  const ignored = [
    "const CACHE_KEY = 'user:1234:profile';",
    `const monkey = "${rand('m1', 24)}";`,
    'category_key: "late_fees_30day",',
    '"projectKey": "AcmeCorp_Web-App",',
    "const STORAGE_KEY = 'sb-auth-token-v2';",
    "const i18nKey = 'settings.api_key.label';",
    'const key = getApiKeys("org-123456789abc");',
    'const ok = await verifyPassword("Wrong-Pass-12345", hash);',
  ];
  for (const line of ignored) it(`ignores ${line.slice(0, 40)}`, () => expect(rulesIn(line)).toEqual([]));
});

describe('fallbacks and defaults are literals', () => {
  const lines: [string, string][] = [
    ['process.env || literal', `const key = process.env.SEARCH_API_KEY || '${rand('f1', 32)}';`],
    ['process.env ?? literal', `const secret = process.env["JWT_SECRET"] ?? "${rand('f2', 40)}";`],
    ['os.getenv default', `KEY = os.getenv("EMBEDDINGS_API_KEY", "${rand('f3', 40)}")`],
    ['os.environ.get(...) or literal', `KEY = os.environ.get("EMBEDDINGS_API_KEY") or "${rand('f4', 40)}"`],
    ['ENV.fetch default', `key = ENV.fetch("SEARCH_API_KEY", "${rand('f5', 32)}")`],
    ['Deno.env.get || literal', `const k = Deno.env.get('RESEND_KEY') || '${rand('f6', 32)}';`],
    ['an expression with a literal default', `  password: user.default_password || '${rand('f7', 10)}!',`],
  ];
  for (const [name, line] of lines) it(`finds ${name}`, () => expect(rulesIn(line)).toEqual(['generic-secret']));

  it('ignores fallbacks to placeholders and references', () => {
    expect(rulesIn("const key = process.env.OPENAI_API_KEY || 'your-openai-key';")).toEqual([]);
    expect(rulesIn('KEY = os.getenv("API_KEY", "")')).toEqual([]);
    expect(rulesIn("const key = process.env.API_KEY ?? process.env.FALLBACK_API_KEY;")).toEqual([]);
  });
});

describe('Authorization: Bearer literals', () => {
  it('finds them in curl, JSON headers and SQL', () => {
    expect(rulesIn(`curl -H 'Authorization: Bearer ${rand('b1', 40)}' https://api.acme.dev`, { base: 'run.sh', ext: '.sh' })).toEqual(['bearer-token']);
    expect(rulesIn(`headers := jsonb_build_object('Authorization', 'Bearer ${rand('b2', 40)}')`, { base: 'm.sql', ext: '.sql' })).toEqual(['bearer-token']);
  });

  it('reports a JWT behind Bearer as what it is', () => {
    expect(rulesIn(`"headers": {"Authorization": "Bearer ${SERVICE}"}`, { base: 'mcp.json', ext: '.json' })).toEqual(['supabase-service-role-key']);
  });

  it('ignores placeholders and interpolation', () => {
    for (const line of ["curl -H 'Authorization: Bearer YOUR_API_TOKEN'", "curl -H 'Authorization: Bearer <token>'", 'headers: { Authorization: `Bearer ${token}` }', "'Authorization': 'Bearer ' + token"]) {
      expect(rulesIn(line), line).toEqual([]);
    }
  });
});

describe('placeholders and documentation values are not findings', () => {
  const placeholders = [
    'NEXTAUTH_SECRET="your-nextauth-secret"',
    'ENCRYPTION_KEY=your_encryption_key_here',
    'OPENAI_API_KEY=<your-openai-key>',
    'DB_PASSWORD=[YOUR-PASSWORD]',
    'GEMINI_API_KEY: "{env}:GEMINI_API_KEY"',
    'SMTP_PASSWORD=${SMTP_PASSWORD}',
    'API_KEY: ${{ secrets.API_KEY }}',
    'JWT_SECRET=xxxxxxxxxxxxxxxxxxxxxxxx',
    'SESSION_SECRET=changeme',
    'SIGNING_SECRET=REPLACE_ME_WITH_A_RANDOM_STRING',
    'api_key = "example-key-123456"',
    'CLIENT_SECRET=dummy-client-secret',
    'AUTH_TOKEN=sample_token_value',
    'OPENAI_API_KEY=sk-...****',
    'SUPABASE_SERVICE_ROLE_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...',
    `OPENAI_API_KEY=sk-${'proj'}-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`,
    'CLOUDINARY_API_SECRET=abc123def456ghi789',
    "admin_password = 'password123!!'",
    "password: 'admin123!'",
    'ADMOB_API_KEY = "pub-4839201746372819"',
    `STRIPE_KEY = "pk_${'live'}_${rand('pk', 24)}"`,
    'S3_SECRET_KEY=devminio-secret123',
  ];
  for (const line of placeholders) it(`ignores ${line.slice(0, 48)}`, () => expect(rulesIn(line, { base: 'config.yml', ext: '.yml' })).toEqual([]));

  it('ignores JSX/TSX attribute expressions', () => {
    const tsx = { base: 'editor.tsx', ext: '.tsx' };
    expect(rulesIn('      presignToken={editor.token}', tsx)).toEqual([]);
    expect(rulesIn("      secretKey={pendingSecret || ''}", tsx)).toEqual([]);
    expect(rulesIn('      apiKey={import.meta.env.VITE_KEY}', tsx)).toEqual([]);
    // Expressions whose text is not plain words (digits, calls) are still expressions.
    expect(rulesIn('      apiKey={keys.v2Primary}', tsx)).toEqual([]);
    expect(rulesIn('      sessionToken={session2?.tokens[0]}', tsx)).toEqual([]);
  });

  it('ignores values that are plainly words, in any script', () => {
    for (const line of ['"password": "Contraseña",', '"password": "Lösenord",', '"password": "Mot de passe",', '"token": "Código de acceso",']) {
      expect(rulesIn(line, { base: 'es.json', ext: '.json' }), line).toEqual([]);
    }
  });

  it('in docs, drops sample payload values under bare names but keeps credential-shaped values', () => {
    const md = { base: 'events.mdx', ext: '.mdx', docs: true };
    expect(rulesIn(`    "token": "${rand('payload', 21)}",`, md)).toEqual([]);
    expect(rulesIn('AZURE_CLIENT_SECRET="Th1s-1s-4n-Ex4mple-S3cr3t-V4lue"', md)).toEqual([]);
    expect(rulesIn(`SUPABASE_SERVICE_ROLE_KEY=${SERVICE}`, md)).toEqual(['supabase-service-role-key']);
    expect(rulesIn(`STRIPE_SECRET=${rand('docs-stripe', 32)}`, md)).toEqual(['generic-secret']);
    expect(rulesIn(`OPENAI_API_KEY=sk-${'proj'}-${rand('docs-oai', 64)}`, md)).toEqual(['openai-key']);
  });
});

describe('repeats in docs are one finding with the count', () => {
  it('folds the same value across docs pages and names the other places', async () => {
    const payload = (i: number) => `## Event ${i}\n\n\`\`\`json\n{ "STRIPE_SECRET": "${rand('same', 32)}" }\n\`\`\`\n`;
    const s = await hardcoded({
      'docs/a.md': payload(1),
      'docs/b.md': payload(2),
      'docs/c.mdx': payload(3),
      'src/pay.ts': `export const STRIPE_SECRET = "${rand('same', 32)}";\n`,
    });
    expect(s.status).toBe('fail');
    expect(s.details?.['failing']).toBe(2); // the code copy and one docs finding
    const docs = s.evidence.find((e) => e.path === 'docs/a.md');
    expect(docs?.note).toMatch(/same value in 2 more docs pages: docs\/b\.md:4, docs\/c\.mdx:4/);
    expect(s.evidence.some((e) => e.path === 'docs/b.md')).toBe(false);
    expect(s.details?.['repeats']).toEqual([
      { path: 'docs/b.md', line: 4, sameAs: 'docs/a.md:4' },
      { path: 'docs/c.mdx', line: 4, sameAs: 'docs/a.md:4' },
    ]);
    expect(s.summary).toMatch(/2 repeated in docs folded/);
  });

  it('lists a public key once however many migrations carry it', async () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`supabase/migrations/2024010${i}_cron.sql`, `select net.http_post(headers := '{"Authorization": "Bearer ${ANON}"}');\n`]));
    const s = await hardcoded(files);
    expect(s.status).toBe('pass');
    expect(s.evidence).toHaveLength(1);
    expect(s.evidence[0]).toMatchObject({ apart: 'public', severity: 'low' });
    expect(s.evidence[0]?.note).toMatch(/public anon key/);
    expect(s.summary).toMatch(/12 public-by-design \(public anon key\) listed apart/);
  });
});

describe('test data outside test folders is reported apart, with the reason', () => {
  it('knows test data by its file or folder name', () => {
    expect(testDataReason('src/utils/testSuite.ts')).toBe('test data (file named testSuite.ts)');
    expect(testDataReason('supabase/seed.sql')).toBe('test data (file named seed.sql)');
    expect(testDataReason('src/data/demoUsers.json')).toMatch(/^demo data/);
    expect(testDataReason('prisma/seeds/users.ts')).toBe('test data (under a seeds folder)');
    expect(testDataReason('.env.test')).toBe('test data (.env.test)');
    expect(testDataReason('src/pages/Demo.tsx')).toBeNull();
    expect(testDataReason('src/lib/attestation.ts')).toBeNull();
    expect(testDataReason('test/fixtures/users.json')).toBeNull(); // a test fixture, reported as such
  });

  it('marks test data apart, says why, and still counts a live provider key there', async () => {
    const s = await hardcoded({
      'src/utils/testSuite.ts': `export const cases = [{ password: '${rand('ts1', 12)}' }, { password: '${rand('ts2', 12)}' }];\n`,
      'src/config.ts': `export const TEST_USER_PASSWORD = "${rand('tup', 14)}";\n`,
      'scripts/seed.ts': `const stripe = new Stripe("sk_${'live'}_${rand('seedlive', 24)}");\n`,
    });
    expect(s.status).toBe('fail');
    expect(s.details?.['failing']).toBe(1);
    const apart = s.evidence.filter((e) => e.apart === 'test-data');
    expect(apart.map((e) => e.path).sort()).toEqual(['src/config.ts', 'src/utils/testSuite.ts', 'src/utils/testSuite.ts']);
    expect(apart.find((e) => e.path === 'src/config.ts')?.note).toMatch(/test data \(named TEST_USER_PASSWORD\)/);
    expect(s.evidence.find((e) => e.path === 'scripts/seed.ts')).toMatchObject({ severity: 'critical' });
    expect(s.evidence.find((e) => e.path === 'scripts/seed.ts')?.apart).toBeUndefined();
    expect(s.summary).toMatch(/3 findings in test data not counted/);
  });

  it('still counts a key under a key name in a file that merely looks like a test page', async () => {
    const s = await hardcoded({ 'public/api-test.html': `<script>const WEATHER_KEY = '${hex('owm2', 32)}';</script>\n` });
    expect(s.status).toBe('fail');
  });
});

describe('severity on every finding', () => {
  it('critical for live provider and service-role keys, high for private keys and database URLs, medium for generic', async () => {
    const s = await hardcoded({
      'a.ts': `const k = "sk-${'proj'}-${rand('sev', 64)}";\n`,
      'b.ts': `const u = "postgres://app:${rand('sevpg', 18)}@db.internal:5432/app";\n`,
      'c.py': `API_SECRET = "${rand('sevgen', 32)}"\n`,
      'd.ts': `const k = '${SERVICE}';\n`,
    });
    const by = Object.fromEntries(s.evidence.map((e) => [e.path, e.severity]));
    expect(by).toEqual({ 'a.ts': 'critical', 'b.ts': 'high', 'c.py': 'medium', 'd.ts': 'critical' });
    expect(s.details?.['bySeverity']).toEqual({ critical: 2, high: 1, medium: 1 });
    expect(s.summary).toMatch(/2 critical: (?:OpenAI API key; Supabase service-role key \(bypasses row-level security\)|Supabase service-role key \(bypasses row-level security\); OpenAI API key)/);
  });
});

describe('.env files are read line by line', () => {
  const env = `# local\nVITE_SUPABASE_URL=https://x.supabase.co\nVITE_SUPABASE_PUBLISHABLE_KEY=${ANON}\nVITE_SUPABASE_SERVICE_ROLE_KEY=${SERVICE}\nARK_API_KEY=${uuidOf('env-ark')}\nDB_PASSWORD=${rand('envpw', 12)}\nPORT=3000\n`;

  it('makes each credential its own finding at its own line, with its kind', async () => {
    const s = await hardcoded({ '.env': env });
    const counted = s.evidence.filter((e) => e.apart === undefined).map((e) => [e.line, e.note?.split(';')[0]]);
    expect(counted).toEqual([
      [4, 'Supabase service-role key (bypasses row-level security)'],
      [5, 'Secret-looking value assigned to "ARK_API_KEY"'],
      [6, 'Secret-looking value assigned to "DB_PASSWORD"'],
    ]);
    expect(s.evidence.find((e) => e.line === 3)).toMatchObject({ apart: 'public' });
  });

  it('cites those lines in secrets.env-committed, a service-role key under VITE_ included, the anon key not', async () => {
    const s = (await runDetector(secretsEnvDetector, { '.env': env }, repo)).get('secrets.env-committed');
    expect(s?.status).toBe('fail');
    expect(s?.evidence.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(s?.evidence[0]).toMatchObject({ path: '.env', severity: 'critical' });
    expect(s?.evidence[0]?.note).toMatch(/^Supabase service-role key \(bypasses row-level security\); tracked env file/);
    expect(JSON.stringify(s)).not.toContain(SERVICE.split('.')[2]);
  });

  it('passes an env file that holds only public values', async () => {
    const s = (await runDetector(secretsEnvDetector, { '.env': `VITE_SUPABASE_URL=https://x.supabase.co\nSUPABASE_ANON_KEY=${ANON}\n` }, repo)).get('secrets.env-committed');
    expect(s?.status).toBe('pass');
  });
});

describe('docs paths', () => {
  it('are markdown-like files and docs folders', () => {
    expect(isDocsPath('README.md')).toBe(true);
    expect(isDocsPath('apps/docs/content/setup.mdx')).toBe(true);
    expect(isDocsPath('docs/config.json')).toBe(true);
    expect(isDocsPath('src/docs.ts')).toBe(false);
  });
});
