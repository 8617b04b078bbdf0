import { afterEach, describe, expect, it } from 'vitest';
import { applyProposal } from '../../source/assessment/answers.js';
import { createAssessment } from '../../source/assessment/create.js';
import { proposeAll } from '../../source/assessment/propose.js';
import { main } from '../../source/cli.js';
import { runScan } from '../../source/detect/engine.js';
import { renderDossierMarkdown } from '../../source/report/index.js';
import { captureIO } from '../detect/engine-helpers.js';
import { git, initRepo, tempDir, writeTree } from '../helpers/fs.js';
import { supabaseKey } from '../detect/secrets-gen.js';
import { shippedChecklist } from './sample-input.js';

/**
 * What a reviewer reads for a Supabase app that committed its service-role key: the
 * `check` output and the dossier's Blockers section name the blocker, list every
 * place the key is (the docs copies folded into one), say what the key is and that
 * it bypasses row-level security, and show it only redacted. The anon key beside it
 * is public by design: counted nowhere, said to be set apart.
 */

const SERVICE = supabaseKey('service_role', 'review-service');
const ANON = supabaseKey('anon', 'review-anon');

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function supabaseApp(): string {
  const { dir, cleanup } = tempDir('shipshape-secrets-review-');
  cleanups.push(cleanup);
  initRepo(dir);
  writeTree(dir, {
    '.gitignore': 'node_modules\n',
    'package.json': '{"name":"desk","dependencies":{"@supabase/supabase-js":"2.45.0"}}\n',
    '.env': `VITE_SUPABASE_URL=https://qzxwvutsrponmlkjihgf.supabase.co\nVITE_SUPABASE_PUBLISHABLE_KEY=${ANON}\nSUPABASE_SERVICE_ROLE_KEY=${SERVICE}\n`,
    'scripts/seed-admin.mjs': `const SUPABASE_KEY = process.env.SUPABASE_SERVICE_ROLE_KEY || '${SERVICE}';\n`,
    '.cursor/mcp.json': `{"mcpServers":{"supabase":{"url":"https://mcp.supabase.com/mcp","headers":{"Authorization":"Bearer ${SERVICE}"}}}}\n`,
    'docs/SETUP.md': `# Setup\n\nSUPABASE_URL=https://qzxwvutsrponmlkjihgf.supabase.co\nSUPABASE_SERVICE_ROLE_KEY=${SERVICE}\nSUPABASE_ANON_KEY=${ANON}\n`,
    'SUPABASE.md': `# Keys\n\n${SERVICE}\n`,
    'src/client.ts': `export const key = '${ANON}';\n`,
  });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

function expectRedacted(text: string): void {
  expect(text).not.toContain(SERVICE);
  expect(text).not.toContain(ANON);
  // Not even the signature or the payload of either key.
  for (const key of [SERVICE, ANON]) for (const part of key.split('.').slice(1)) expect(text).not.toContain(part.slice(0, 24));
}

describe('a Supabase app with a committed service-role key', () => {
  it('check: the blocker lists each place, says what the key is, and shows it redacted', async () => {
    const dir = supabaseApp();
    const cap = captureIO(dir);
    const code = await main(['check'], cap.io);
    const out = cap.stdout().toString('utf8');
    expect(code).toBe(1);
    const block = out.slice(out.indexOf('[blocker] secrets.no-hardcoded'));
    expect(block).toMatch(/^\[blocker\] secrets\.no-hardcoded: answered "no": .*critical: Supabase service-role key \(bypasses row-level security\)/);
    for (const place of ['.env:3', 'scripts/seed-admin.mjs:1', '.cursor/mcp.json:1']) {
      expect(block).toMatch(new RegExp(`critical +${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +Supabase service-role key \\(bypasses row-level security\\): .*eyJh…\\(219 chars, fp [0-9a-f]{12}\\)`));
    }
    // The two docs copies are one finding that says there is another.
    expect(block).toMatch(/critical +(?:SUPABASE\.md:3|docs\/SETUP\.md:4) \(\+1 more docs page\) +Supabase service-role key/);
    expect(block).toMatch(/not counted: \d+ public by design/);
    expect(block).not.toMatch(/^ +\w+ +src\/client\.ts/m);
    expectRedacted(out + cap.stderr());
  });

  it('dossier: the Blockers section lists each location with its kind and severity, redacted', async () => {
    const dir = supabaseApp();
    const checklist = shippedChecklist();
    const report = await runScan(dir, {}, { workers: 0 });
    const now = new Date('2025-06-02T10:00:00.000Z');
    const actor = { by: 'shipshape test', now };
    let a = createAssessment({
      name: 'desk-launch',
      repository: { root: '.', remote: null, branch: 'main' },
      checklist,
      checklistSource: 'ai-production-readiness',
      scope: { tier: 'customer-facing', data: ['personal'], ai: false, frameworks: [] },
      assessor: actor.by,
      now,
    });
    for (const [id, p] of proposeAll(checklist.questions, report.result.signals)) if (p.state !== 'unknown') a = applyProposal(a, id, p, actor);
    const md = renderDossierMarkdown({ assessment: a, checklist, scan: report.result, repoRoot: dir, now });
    const blockers = md.slice(md.indexOf('## Blockers'), md.indexOf('## Summary by section'));
    const item = blockers.slice(blockers.indexOf('(`secrets.no-hardcoded`)'));
    const lines = item.split('\n').filter((l) => l.startsWith('  - '));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const place of ['.env:3', 'scripts/seed-admin.mjs:1', '.cursor/mcp.json:1']) {
      expect(lines.some((l) => l.includes(`\`${place}\``) && l.startsWith('  - **critical**') && l.includes('Supabase service-role key (bypasses row-level security)')), place).toBe(true);
    }
    expect(lines.some((l) => /same value in 1 more docs page/.test(l))).toBe(true);
    // The public anon key is shown in the answer, set apart, and never listed as a blocker location.
    expect(lines.some((l) => l.includes('src/client.ts'))).toBe(false);
    expect(md).toMatch(/public anon key.*\(public by design: shown, not counted\)/);
    expectRedacted(md);
  });
});
