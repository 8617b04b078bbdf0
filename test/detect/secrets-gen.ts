import { createHash } from 'node:crypto';

/**
 * Fake, pattern-valid secrets built at test time, so the test sources themselves
 * hold no key-shaped literals. Deterministic per seed.
 */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${ALNUM}+/`;

function bytes(seed: string, n: number): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; Buffer.concat(chunks).length < n; i++) chunks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(chunks).subarray(0, n);
}

export function rand(seed: string, n: number, alphabet = ALNUM): string {
  let s = '';
  for (const b of bytes(seed, n)) s += alphabet[b % alphabet.length];
  // Guarantee mixed classes, as real keys have.
  return `${s.slice(0, n - 3)}aZ7`.slice(0, n);
}

export const b64 = (seed: string, n: number) => rand(seed, n, B64);
export const upper32 = (seed: string, n: number) => rand(seed, n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567').replace(/aZ7$/, 'QZ7');
export const hex = (seed: string, n: number) => rand(seed, n, '0123456789abcdef').replace(/aZ7$/, 'a07');

/** One fake secret per provider rule, keyed by the rule id that should report it. */
export function providerSamples(): { rule: string; secret: string; line: string }[] {
  const s = (rule: string, secret: string, line: string) => ({ rule, secret, line });
  const stripeLive = `sk_${'live'}_${rand('stripe', 24)}`;
  const pem = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
  return [
    s('stripe-live-key', stripeLive, `const stripe = new Stripe("${stripeLive}");`),
    s('stripe-test-key', `sk_${'test'}_${rand('stripet', 24)}`, `STRIPE_KEY=sk_${'test'}_${rand('stripet', 24)}`),
    s('github-token', `gh${'p'}_${rand('gh', 36)}`, `token: gh${'p'}_${rand('gh', 36)}`),
    s('github-fine-grained-pat', `github_${'pat'}_${rand('ghf', 22)}_${rand('ghf2', 59)}`, `GH=github_${'pat'}_${rand('ghf', 22)}_${rand('ghf2', 59)}`),
    s('gitlab-token', `gl${'pat'}-${rand('gl', 20)}`, `GITLAB_TOKEN = "gl${'pat'}-${rand('gl', 20)}"`),
    s('anthropic-key', `sk-${'ant'}-api03-${rand('ant', 93)}`, `client = Anthropic(api_key="sk-${'ant'}-api03-${rand('ant', 93)}")`),
    s('openai-key', `sk-${'proj'}-${rand('oai', 64)}`, `openai.api_key = "sk-${'proj'}-${rand('oai', 64)}"`),
    s('openai-key', `sk-${rand('oai-legacy', 48)}`, `OPENAI_API_KEY=sk-${rand('oai-legacy', 48)}`),
    s('huggingface-token', `h${'f'}_${rand('hf', 34)}`, `login(token="h${'f'}_${rand('hf', 34)}")`),
    s('groq-key', `gs${'k'}_${rand('groq', 52)}`, `GROQ_API_KEY=gs${'k'}_${rand('groq', 52)}`),
    s('replicate-token', `r${'8'}_${rand('r8', 37)}`, `REPLICATE_API_TOKEN=r${'8'}_${rand('r8', 37)}`),
    s('gcp-api-key', `AI${'za'}${rand('gcp', 35)}`, `GEMINI_API_KEY = "AI${'za'}${rand('gcp', 35)}"`),
    s('cohere-key', rand('cohere', 40), `co = cohere.Client("${rand('cohere', 40)}")`),
    s('mistral-key', rand('mistral', 32), `client = Mistral(api_key="${rand('mistral', 32)}")`),
    s('azure-storage-key', `${b64('az', 86)}==`, `conn = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${b64('az', 86)}==;EndpointSuffix=core.windows.net"`),
    s('azure-sas-key', `${b64('sas', 43)}=`, `Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${b64('sas', 43)}=`),
    s('slack-token', `xox${'b'}-1029384756-5647382910-${rand('slack', 24)}`, `SLACK_BOT_TOKEN=xox${'b'}-1029384756-5647382910-${rand('slack', 24)}`),
    s('slack-webhook', `T${upper32('t', 8)}/B${upper32('b', 8)}/${rand('hook', 24)}`, `url = "https://hooks.slack.com/services/T${upper32('t', 8)}/B${upper32('b', 8)}/${rand('hook', 24)}"`),
    s('discord-webhook', `104938271650493827/${rand('dw', 68)}`, `DISCORD_WEBHOOK=https://discord.com/api/webhooks/104938271650493827/${rand('dw', 68)}`),
    s('discord-bot-token', `M${rand('db1', 25)}.${rand('db2', 6)}.${rand('db3', 38)}`, `discord_client.run("M${rand('db1', 25)}.${rand('db2', 6)}.${rand('db3', 38)}")`),
    s('telegram-bot-token', `583920174:AA${rand('tg', 33)}`, `TELEGRAM_TOKEN = "583920174:AA${rand('tg', 33)}"`),
    s('stripe-webhook-secret', `whsec_${rand('wh', 32)}`, `endpointSecret = 'whsec_${rand('wh', 32)}'`),
    s('database-url', rand('pg', 18), `DATABASE_URL=postgres://app:${rand('pg', 18)}@db.prod.internal:5432/app`),
    s('database-url', rand('mongo', 20), `uri = "mongodb+srv://svc:${rand('mongo', 20)}@cluster0.abcde.mongodb.net/app"`),
    s('url-credentials', rand('https', 20), `registry=https://deploy:${rand('https', 20)}@registry.internal.example.org/npm/`),
    s('aws-secret-access-key', b64('aws', 40), `aws_secret_access_key = ${b64('aws', 40)}`),
    s('generic-secret', rand('gen', 32), `API_SECRET = "${rand('gen', 32)}"`),
    s('generic-secret', `Pa55-${rand('pw', 10)}`, `db.password=Pa55-${rand('pw', 10)}`),
    s('private-key', '', `${pem}\n${Array.from({ length: 6 }, (_, i) => b64(`pem${i}`, 64)).join('\n')}\n-----END RSA PRIVATE KEY-----`),
    // Formats added for AI-builder apps (issue 9).
    s('supabase-service-role-key', supabaseKey('service_role', 'ps'), `const SUPABASE_KEY = '${supabaseKey('service_role', 'ps')}';`),
    s('jwt', jwt({ iss: 'n8n', aud: 'public-api' }, 'n8n'), `"N8N_API_KEY": "${jwt({ iss: 'n8n', aud: 'public-api' }, 'n8n')}"`),
    s('supabase-access-token', `sb${'p'}_${hex('sbp', 40)}`, `SUPABASE_ACCESS_TOKEN=sb${'p'}_${hex('sbp', 40)}`),
    s('supabase-secret-key', `sb_${'secret'}_${rand('sbs', 32)}`, `createClient(url, "sb_${'secret'}_${rand('sbs', 32)}")`),
    s('openrouter-key', `sk-${'or'}-v1-${hex('or', 64)}`, `OPENROUTER_API_KEY=sk-${'or'}-v1-${hex('or', 64)}`),
    s('perplexity-key', `pplx${'-'}${rand('pplx', 48)}`, `client = OpenAI(api_key="pplx${'-'}${rand('pplx', 48)}", base_url="https://api.perplexity.ai")`),
    s('resend-key', `r${'e'}_${rand('rs1', 8)}_${rand('rs2', 24)}`, `const resend = new Resend('r${'e'}_${rand('rs1', 8)}_${rand('rs2', 24)}');`),
    s('clerk-secret-key', `sk_${'live'}_${rand('clerk', 40)}`, `CLERK_SECRET_KEY=sk_${'live'}_${rand('clerk', 40)}`),
    s('sendgrid-key', `S${'G'}.${rand('sg1', 22)}.${rand('sg2', 43)}`, `sgMail.setApiKey('S${'G'}.${rand('sg1', 22)}.${rand('sg2', 43)}');`),
    s('mailgun-key', `ke${'y'}-${hex('mg', 32)}`, `MAILGUN_API_KEY=ke${'y'}-${hex('mg', 32)}`),
    s('postmark-token', uuidOf('pm'), `const client = new postmark.ServerClient("${uuidOf('pm')}");`),
    s('twilio-api-key', `S${'K'}${hex('tw', 32)}`, `twilio_api_key = "S${'K'}${hex('tw', 32)}"`),
    s('twilio-auth-token', hex('twa', 32), `TWILIO_ACCOUNT_SID=A${'C'}${hex('sid', 32)}\nTWILIO_AUTH_TOKEN=${hex('twa', 32)}`),
    s('shopify-token', `shp${'at'}_${hex('shop', 32)}`, `SHOPIFY_ACCESS_TOKEN=shp${'at'}_${hex('shop', 32)}`),
    s('pinecone-key', `pcs${'k'}_${rand('pc1', 6)}_${rand('pc2', 64)}`, `pc = Pinecone(api_key="pcs${'k'}_${rand('pc1', 6)}_${rand('pc2', 64)}")`),
    s('azure-sas-token', `${b64('sas-sig', 43)}%3D`, `https://acme.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig=${b64('sas-sig', 43)}%3D`),
    s('bearer-token', rand('bearer', 40), `curl -H "Authorization: Bearer ${rand('bearer', 40)}" https://api.acme.dev/v1/me`),
    s('gcp-service-account-key', '', `{"type": "service_account", "client_email": "bot@p.iam.gserviceaccount.com", "private_key": "${pem.replace('RSA ', '')}\n${Array.from({ length: 4 }, (_, i) => b64(`gsa${i}`, 64)).join('\n')}\n-----END PRIVATE KEY-----\n"}`),
  ];
}

/** A random version-4-looking UUID. */
export function uuidOf(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A compact JWT with the given claims and a random signature (never a real token). */
export function jwt(claims: Record<string, unknown>, seed: string): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return [part({ alg: 'HS256', typ: 'JWT' }), part(claims), rand(seed, 43, `${ALNUM}-_`)].join('.');
}

/** Supabase project keys as the dashboard prints them (ten-year expiry). */
export function supabaseKey(role: 'anon' | 'service_role', seed: string = role, iss = 'supabase'): string {
  return jwt({ iss, ref: 'qzxwvutsrponmlkjihgf', role, iat: 1718000000, exp: 2033576000 }, seed);
}
