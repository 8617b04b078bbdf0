import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../helpers/checklist-problems.js';
import { loadChecklist } from '../../source/checklist/load.js';
import { checklistJsonSchemaText } from '../../source/checklist/json-schema.js';
import { shippedChecklistsDir } from '../../source/util/package-root.js';

const SIGNALS = new Set(['secrets.hardcoded', 'auth.library', 'ci.pipeline']);

function dir(): string {
  return mkdtempSync(path.join(tmpdir(), 'shipshape-checklist-'));
}

function write(d: string, name: string, text: string): string {
  const file = path.join(d, name);
  writeFileSync(file, text);
  return file;
}

const question = (id: string, extra = '') => `  - id: ${id}
    section: auth
    text: Is every route behind authentication?
    why: Unauthenticated routes expose data.
    severity: high
    evidence: The middleware that enforces it.
    remediation: Add an auth middleware.
    mappings:
      soc2: [CC6.1]
${extra}`;

const BASE = `id: base
version: 1.0.0
title: Base
sections:
  - id: auth
    title: Authentication
  - id: ops
    title: Operations
questions:
${question('auth.routes', '    signals:\n      - id: auth.library\n')}${question('auth.mfa')}  - id: ops.oncall
    section: ops
    text: Is there an on-call rotation?
    why: Someone must answer pages.
    severity: medium
    evidence: The rota.
    remediation: Set one up.
    mappings: {}
`;

describe('loadChecklist', () => {
  it('loads a valid checklist and pins its content with a hash', () => {
    const d = dir();
    const c = loadChecklist(write(d, 'base.yaml', BASE), { knownSignals: SIGNALS });
    expect(c.id).toBe('base');
    expect(c.questions.map((q) => q.id)).toEqual(['auth.routes', 'auth.mfa', 'ops.oncall']);
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
    // The hash follows content, not formatting.
    const reformatted = loadChecklist(write(d, 'b2.yaml', `# comment\n${BASE}`), { knownSignals: SIGNALS });
    expect(reformatted.hash).toBe(c.hash);
    const changed = loadChecklist(write(d, 'b3.yaml', BASE.replace('severity: medium', 'severity: low')), { knownSignals: SIGNALS });
    expect(changed.hash).not.toBe(c.hash);
  });

  it('names file, line, column and field for a wrong enum value', () => {
    const d = dir();
    const file = write(d, 'acme.yaml', BASE.replace('severity: medium', 'severity: critical'));
    const problems = problemsOf(() => loadChecklist(file, { displayPath: () => 'acme.yaml' }));
    const line = BASE.split('\n').findIndex((l) => l.includes('severity: medium')) + 1;
    expect(problems).toEqual([`acme.yaml:${line}:15 questions[2].severity: expected one of blocker, high, medium, low`]);
  });

  it('reports unknown keys at the key, and missing fields', () => {
    const d = dir();
    const text = BASE.replace('    why: Someone must answer pages.\n', '    wyh: Someone must answer pages.\n');
    const problems = problemsOf(() => loadChecklist(write(d, 'x.yaml', text), { displayPath: () => 'x.yaml' }));
    const line = text.split('\n').findIndex((l) => l.includes('wyh:')) + 1;
    expect(problems).toContain(`x.yaml:${line}:5 questions[2].wyh: unknown key "wyh" (allowed: id, section, text, why, severity, applies_when, signals, combine, evidence, remediation, mappings)`);
    expect(problems.some((p) => p.includes('questions[2].why: is required'))).toBe(true);
  });

  it('reports wrong types in words', () => {
    const d = dir();
    const problems = problemsOf(() => loadChecklist(write(d, 'x.yaml', BASE.replace('version: 1.0.0', 'version: [1]')), { displayPath: () => 'x.yaml' }));
    expect(problems).toEqual(['x.yaml:2:10 version: expected a string, got a list']);
  });

  it('rejects duplicate ids with both lines', () => {
    const d = dir();
    const text = BASE.replace("  - id: ops.oncall", `${question('auth.mfa')}  - id: ops.oncall`);
    const problems = problemsOf(() => loadChecklist(write(d, 'x.yaml', text), { displayPath: () => 'x.yaml' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^x\.yaml:\d+:9 questions\[2\]\.id: duplicate id "auth.mfa" \(first used at line \d+\)$/);
  });

  it('rejects dangling signal ids and undefined sections', () => {
    const d = dir();
    const text = BASE.replace('      - id: auth.library', '      - id: auth.libary').replace('    section: ops', '    section: opps');
    const problems = problemsOf(() => loadChecklist(write(d, 'x.yaml', text), { knownSignals: SIGNALS, displayPath: () => 'x.yaml' }));
    expect(problems.some((p) => /questions\[0\]\.signals\[0\]\.id: unknown signal "auth.libary"/.test(p))).toBe(true);
    expect(problems.some((p) => /questions\[2\]\.section: section "opps" is not defined/.test(p))).toBe(true);
  });

  it('reports YAML syntax errors with a position', () => {
    const d = dir();
    const problems = problemsOf(() => loadChecklist(write(d, 'x.yaml', 'id: a\nversion: "1.0.0\n'), { displayPath: () => 'x.yaml' }));
    expect(problems[0]).toMatch(/^x\.yaml:\d+:\d+ YAML syntax: /);
  });

  it('refuses a missing file and an empty one with a sentence', () => {
    const d = dir();
    expect(problemsOf(() => loadChecklist(path.join(d, 'nope.yaml'), { displayPath: () => 'nope.yaml' }))).toEqual(['nope.yaml:1:1 checklist file not found']);
    expect(problemsOf(() => loadChecklist(write(d, 'e.yaml', ''), { displayPath: () => 'e.yaml' }))[0]).toContain('the file is empty');
  });
});

describe('extends', () => {
  it('adds, replaces and drops questions and sections', () => {
    const d = dir();
    write(d, 'base.yaml', BASE);
    const child = write(
      d,
      'team.yaml',
      `id: team
version: 2.1.0
title: Team policy
extends: ./base.yaml
drop:
  questions: [auth.mfa]
sections:
  - id: ai
    title: AI
questions:
  - id: ai.evals
    section: ai
    text: Are model changes evaluated before release?
    why: Regressions hide in prompts.
    severity: high
    evidence: The eval report.
    remediation: Add an eval suite.
    mappings: { owasp-llm: [LLM09] }
  - id: ops.oncall
    section: ops
    text: Is there a 24/7 on-call rotation?
    why: We promise 24/7 support.
    severity: blocker
    evidence: The rota.
    remediation: Set one up.
    mappings: {}
`,
    );
    const c = loadChecklist(child, { knownSignals: SIGNALS });
    expect(c.id).toBe('team');
    expect(c.questions.map((q) => q.id)).toEqual(['auth.routes', 'ops.oncall', 'ai.evals']);
    expect(c.questions.find((q) => q.id === 'ops.oncall')?.severity).toBe('blocker');
    expect(c.sections.map((s) => s.id)).toEqual(['auth', 'ops', 'ai']);
    expect(c.sources).toHaveLength(2);
  });

  it('dropping a section drops its questions', () => {
    const d = dir();
    write(d, 'base.yaml', BASE);
    const c = loadChecklist(write(d, 't.yaml', 'id: t\nversion: 1.0.0\ntitle: T\nextends: base.yaml\ndrop:\n  sections: [ops]\n'));
    expect(c.questions.map((q) => q.id)).toEqual(['auth.routes', 'auth.mfa']);
  });

  it('rejects a dangling extends, a dangling drop and a cycle, at the right line', () => {
    const d = dir();
    write(d, 'base.yaml', BASE);
    expect(problemsOf(() => loadChecklist(write(d, 'a.yaml', 'id: a\nversion: 1.0.0\ntitle: A\nextends: ./missing.yaml\n'), { displayPath: (p) => path.basename(p) }))).toEqual([
      'a.yaml:4:10 extends: missing.yaml not found',
    ]);
    expect(problemsOf(() => loadChecklist(write(d, 'b.yaml', 'id: b\nversion: 1.0.0\ntitle: B\nextends: base.yaml\ndrop:\n  questions: [auth.nope]\n'), { displayPath: (p) => path.basename(p) }))).toEqual([
      'b.yaml:6:15 drop.questions[0]: drops question "auth.nope", which the base checklist does not have',
    ]);
    write(d, 'c1.yaml', 'id: c1\nversion: 1.0.0\ntitle: C\nextends: c2.yaml\n');
    write(d, 'c2.yaml', 'id: c2\nversion: 1.0.0\ntitle: C\nextends: c1.yaml\n');
    expect(problemsOf(() => loadChecklist(path.join(d, 'c1.yaml'), { displayPath: (p) => path.basename(p) }))[0]).toContain('extends forms a cycle');
  });

  it('resolves an id against the shipped directory', () => {
    const d = dir();
    const shipped = dir();
    write(shipped, 'base.yaml', BASE);
    const c = loadChecklist(write(d, 't.yaml', 'id: t\nversion: 1.0.0\ntitle: T\nextends: base\n'), { shippedDir: shipped });
    expect(c.questions).toHaveLength(3);
  });
});

describe('shipped files', () => {
  it('the JSON Schema in checklists/ is generated from the zod schema (run `npm run schema` if this fails)', () => {
    const onDisk = readFileSync(path.join(shippedChecklistsDir(), 'checklist.schema.json'), 'utf8');
    expect(onDisk).toBe(checklistJsonSchemaText());
  });
});
