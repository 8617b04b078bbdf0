import { describe, expect, it } from 'vitest';
import { publicTable, sqlStatements, supabaseRlsDetector } from '../../source/detect/detectors/supabase-rls.js';
import { runDetector } from '../helpers/detector-harness.js';

async function run(files: Record<string, string>) {
  return (await runDetector(supabaseRlsDetector, files)).get('db.row-level-security');
}
const M = (n: number) => `supabase/migrations/2025010${n}000000_m.sql`;

describe('sqlStatements', () => {
  it('splits on semicolons outside comments, strings and dollar bodies, keeping start lines', () => {
    const sql = "-- a; comment\nCREATE TABLE a (x text DEFAULT ';');\n/* b; */ INSERT INTO a VALUES ('it''s; fine');\nCREATE FUNCTION f() RETURNS void AS $$\nBEGIN\n  ALTER TABLE a ENABLE ROW LEVEL SECURITY;\nEND;\n$$ LANGUAGE plpgsql;\nDROP TABLE a;";
    const s = sqlStatements(sql);
    expect(s.map((x) => [x.line, x.text.slice(0, 14), x.dynamicRls])).toEqual([
      [2, 'CREATE TABLE a', false],
      [3, "INSERT INTO a ", false],
      [4, 'CREATE FUNCTIO', true],
      [9, 'DROP TABLE a', false],
    ]);
  });

  it('names tables of the public schema only', () => {
    expect(publicTable('public.Deals')).toBe('deals');
    expect(publicTable('"Deals"')).toBe('Deals');
    expect(publicTable('public . "x"')).toBe('x');
    expect(publicTable('private.jobs')).toBeNull();
  });

  it('survives hostile input (unterminated quotes and tags, long runs)', () => {
    expect(sqlStatements('"'.repeat(100_000)).length).toBeLessThanOrEqual(1);
    expect(sqlStatements(`CREATE POLICY "p" ON t FOR ALL USING (${' '.repeat(100_000)}`).length).toBe(1);
    expect(sqlStatements('$a$ never closed').length).toBe(1);
  });
});

describe('db.row-level-security', () => {
  it('replays migrations in order: renames, drops and narrowed policies', async () => {
    const s = await run({
      [M(1)]: 'CREATE TABLE t (id int);\nCREATE POLICY "open" ON t FOR UPDATE USING (true);\nCREATE TABLE gone (id int);',
      [M(2)]: 'ALTER TABLE t ENABLE ROW LEVEL SECURITY;\nALTER POLICY "open" ON t USING (auth.uid() = owner);\nDROP TABLE IF EXISTS gone CASCADE;\nALTER TABLE t RENAME TO t2;',
    });
    expect(s?.status).toBe('pass');
  });

  it('fails on a table left without RLS and on a delete policy for anon, with the creating line as evidence', async () => {
    const s = await run({
      [M(1)]: 'CREATE TABLE public.notes (id int);\n\nCREATE TABLE posts (id int);\nALTER TABLE posts ENABLE ROW LEVEL SECURITY;\nCREATE POLICY "wipe" ON posts FOR DELETE TO anon, authenticated USING ( true );',
      [M(2)]: 'ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;\nALTER TABLE public.notes DISABLE ROW LEVEL SECURITY;',
    });
    expect(s?.status).toBe('fail');
    expect(s?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([`${M(1)}:5`, `${M(1)}:1`]);
    expect(s?.details).toMatchObject({ without_rls: 1, open_policies: 1 });
  });

  it('does not report missing RLS when a function body enables it dynamically, and is n/a without Supabase migrations', async () => {
    const dyn = await run({ [M(1)]: "CREATE TABLE a (id int);\nDO $$ DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.tablename); END LOOP; END $$;" });
    expect(dyn?.status).toBe('pass');
    const none = await run({ 'prisma/migrations/1/migration.sql': 'CREATE TABLE a (id int);', 'db/schema.sql': 'CREATE TABLE b (id int);' });
    expect(none?.status).toBe('not_applicable');
  });
});
