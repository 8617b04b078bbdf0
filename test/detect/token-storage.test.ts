import { describe, expect, it } from 'vitest';
import { tokenStorageDetector } from '../../source/detect/detectors/token-storage.js';
import { runDetector } from '../helpers/detector-harness.js';

async function run(files: Record<string, string>) {
  return (await runDetector(tokenStorageDetector, files)).get('auth.token-storage');
}

const IMPORT = "import { createClient } from '@supabase/supabase-js';\n";

describe('auth.token-storage', () => {
  it('fails on a Supabase client that persists its session in web storage, explicitly or through a wrapper', async () => {
    const s = await run({
      'src/integrations/supabase/client.ts': `${IMPORT}export const supabase = createClient(URL, KEY, {\n  auth: { storage: window.localStorage, persistSession: true },\n});\n`,
      'src/lib/second.ts': `${IMPORT}const safe = { getItem: (k: string) => sessionStorage.getItem(k), setItem: (k: string, v: string) => sessionStorage.setItem(k, v) };\nexport const c = createClient(URL, KEY, { auth: { storage: safe } });\n`,
    });
    expect(s?.status).toBe('fail');
    expect(s?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['src/integrations/supabase/client.ts:3', 'src/lib/second.ts:3']);
    expect(s?.evidence[1]?.note).toContain('sessionStorage through adapter safe');
  });

  it("fails on a browser client with supabase-js's default storage (localStorage), not on server code", async () => {
    const browser = await run({ 'src/supabase.ts': `${IMPORT}export const s = createClient(import.meta.env.VITE_SUPABASE_URL, import.meta.env.VITE_SUPABASE_ANON_KEY);\n` });
    expect(browser?.status).toBe('fail');
    expect(browser?.evidence[0]?.note).toContain('its default in the browser');
    const server = await run({
      'supabase/functions/digest/index.ts': `import { createClient } from 'npm:@supabase/supabase-js@2';\nconst s = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_ANON_KEY')!);\n`,
      'server/db.ts': `${IMPORT}export const s = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!);\n`,
      'src/app/api/animals/route.ts': `${IMPORT}const s = createClient(process.env.URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!);\n`,
    });
    expect(server?.status).toBe('pass');
  });

  it('passes a client that persists no session, and storage words in comments or other keys', async () => {
    const s = await run({
      'src/supabase.ts': `${IMPORT}// was: storage: localStorage\nexport const s = createClient(import.meta.env.VITE_URL, import.meta.env.VITE_SUPABASE_ANON_KEY, { auth: { persistSession: false } });\n`,
      'src/prefs.ts': "const SESSION_KEY = 'last-visit';\nlocalStorage.setItem(SESSION_KEY, Date.now().toString());\nlocalStorage.setItem('theme', 'dark');\nsessionStorage.setItem('token-hint-dismissed', 'yes');\n",
    });
    expect(s?.status).toBe('pass');
  });

  it('fails on hand-written code storing a token under a token key', async () => {
    const s = await run({ 'src/api.js': "export function keep(t) {\n  window.localStorage.setItem('accessToken', t);\n}\n", 'src/api.test.js': "localStorage.setItem('token', 'x');\n" });
    expect(s?.status).toBe('fail');
    expect(s?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['src/api.js:2']);
  });

  it('reads no file without a storage or supabase-js literal', () => {
    expect(tokenStorageDetector.prefilter).toEqual(['localStorage', 'sessionStorage', '@supabase/supabase-js']);
    expect(tokenStorageDetector.selects({ path: 'src/a.py', base: 'a.py', ext: '.py', size: 1, tracked: true })).toBe(false);
  });
});
