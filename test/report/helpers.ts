import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createAssessment } from '../../source/assessment/create.js';
import type { Answer, Assessment, EvidenceItem } from '../../source/assessment/model.js';
import type { Checklist, Question } from '../../source/checklist/schema.js';
import { Lexer, type Token, type Tokens } from 'marked';
import { checklist as buildChecklist, question as buildQuestion } from '../helpers/builders.js';

export const NOW = new Date('2025-06-02T12:00:00.000Z');

/** A question in a section, mapped to SOC 2 and the OWASP LLM list unless told otherwise. */
export function question(id: string, section: string, over: Partial<Question> = {}): Question {
  return buildQuestion(id, { section, text: `Question ${id}?`, severity: 'high', mappings: { soc2: ['CC6.1'], 'owasp-llm': ['LLM01'] }, ...over });
}

export function smallChecklist(questions: Question[] = [question('auth.a', 'auth', { severity: 'blocker' }), question('auth.b', 'auth'), question('ops.c', 'ops', { severity: 'medium' }), question('ops.hipaa', 'ops', { applies_when: { frameworks: ['hipaa'] } })]): Checklist {
  return buildChecklist(questions, {
    id: 'small',
    title: 'Small checklist',
    sections: [
      { id: 'auth', title: 'Auth' },
      { id: 'ops', title: 'Operations' },
    ],
    sources: [],
  });
}

export function baseAssessment(checklist: Checklist): Assessment {
  return createAssessment({
    name: 'test',
    id: 'id-1',
    repository: { root: '.', remote: null, branch: 'main' },
    checklist,
    checklistSource: null,
    scope: { tier: 'customer-facing', data: ['personal'], ai: true, frameworks: ['soc2'] },
    assessor: 'Tester',
    now: NOW,
  });
}

export function answer(state: Answer['state'], over: Partial<Answer> = {}): Answer {
  return { state, source: 'human', links: [], evidence: [], answered_by: 'Tester', answered_at: NOW.toISOString(), history: [], ...over };
}

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A temporary repository holding the given files; returns its root. */
export function tempRepo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-report-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
  }
  return root;
}

export function fileEvidence(p: string, text: string, line = 1, excerpt?: string): EvidenceItem {
  return { kind: 'detected', signal: 'x.signal', path: p, line, sha256: sha(text), ...(excerpt !== undefined && { excerpt }) };
}

/** Every token, depth first (tables, lists and inline children included). */
export function allTokens(md: string): Token[] {
  const out: Token[] = [];
  const visit = (tokens: Token[] | undefined) => {
    for (const t of tokens ?? []) {
      out.push(t);
      const anyT = t as Token & { tokens?: Token[]; items?: Token[]; header?: Tokens.TableCell[]; rows?: Tokens.TableCell[][] };
      visit(anyT.tokens);
      visit(anyT.items);
      if (t.type === 'table') {
        const table = t as Tokens.Table;
        for (const c of table.header) visit(c.tokens);
        for (const r of table.rows) for (const c of r) visit(c.tokens);
      }
    }
  };
  visit(new Lexer({ gfm: true }).lex(md));
  return out;
}

/** Our own HTML: explicit anchors and the integrity comment. Anything else is injected. */
export function isOwnHtml(raw: string): boolean {
  const t = raw.trim();
  return /^<a id="[a-z0-9._-]+"><\/a>$/.test(t) || /^<a id="[a-z0-9._-]+">$/.test(t) || t === '</a>' || t.startsWith('<!-- shipshape-integrity\n');
}

/** Section titles a team's checklist could hold, each aimed at a different way to break a Mermaid block. */
export const HOSTILE_TITLES = [
  'Auth "quoted" [v2] {x}',
  'Ends the string" ] \n  bar [999',
  '100%% done %%{init: {"securityLevel": "loose"}}%%',
  'line one\nline two\r\nthree',
  '<img src=x onerror=alert(1)> & <b>bold</b>',
  'run ``` then ` done',
  'entity #quot; #35; &lt;',
  '\u001b[31mred\u001b[0m \u202eevil',
  'semi; colon: and # hash',
  '',
];
