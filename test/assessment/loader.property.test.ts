import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addEvidence,
  clearAnswer,
  confirmProposal,
  grantWaiver,
  setAnswer,
  setLinks,
  setNote,
  setOwnerDue,
  type Actor,
} from '../../source/assessment/answers.js';
import { AnswerError, AssessmentFileError, DecodeError } from '../../source/assessment/errors.js';
import { decodeAssessmentText } from '../../source/assessment/migrate.js';
import { ANSWER_STATES, AssessmentSchema, SCHEMA_VERSION, type Assessment } from '../../source/assessment/model.js';
import { proposeAnswer } from '../../source/assessment/propose.js';
import { recordSave } from '../../source/assessment/saves.js';
import { serializeAssessment } from '../../source/assessment/serialize.js';
import { loadAssessment } from '../../source/assessment/store.js';
import { NOW, assessment, checklist, evidence, question, signal, signals } from '../helpers/builders.js';

const ids = ['auth.mfa', 'secrets.rotation', 'logs.audit', 'ai.guard'];
const withSignal = question('auth.mfa', { signals: [{ id: 's1' }, { id: 's2' }], combine: 'any' });
const list = checklist([withSignal, ...ids.slice(1).map((id) => question(id))]);

/** Any text a person might type, including control characters and odd unicode. */
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('__proto__', 'constructor', '\u001b[2J', '"}', '\u202e'));
const actor = fc.record({ by: fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), day: fc.integer({ min: 0, max: 60 }) });

type Op = (a: Assessment, who: Actor) => Assessment;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ANSWER_STATES), fc.option(text)).map(
    ([id, state, note]): Op =>
      (a, who) =>
        setAnswer(a, id, { state, ...(note !== null && { note }) }, who),
  ),
  fc.tuple(fc.constantFrom(...ids), text).map(([id, note]): Op => (a, who) => setNote(a, id, note, who)),
  fc.tuple(fc.constantFrom(...ids), fc.array(text, { maxLength: 3 })).map(([id, links]): Op => (a, who) => setLinks(a, id, links, who)),
  fc.tuple(fc.constantFrom(...ids), text, text).map(
    ([id, url, t]): Op =>
      (a, who) =>
        addEvidence(a, id, { kind: 'link', url, title: t }, who),
  ),
  fc.tuple(fc.constantFrom(...ids), text).map(([id, t]): Op => (a, who) => addEvidence(a, id, { kind: 'note', text: t }, who)),
  fc.tuple(fc.constantFrom(...ids), fc.option(text), fc.integer({ min: 0, max: 400 })).map(
    ([id, owner, days]): Op =>
      (a, who) =>
        setOwnerDue(a, id, { owner, due: new Date(who.now.getTime() + days * 86_400_000).toISOString().slice(0, 10) }, who),
  ),
  fc.tuple(fc.constantFrom(...ids), text, text, fc.integer({ min: -5, max: 400 })).map(
    ([id, justification, approver, days]): Op =>
      (a, who) =>
        grantWaiver(a, id, { justification, approver, expires: new Date(who.now.getTime() + days * 86_400_000).toISOString().slice(0, 10) }, who),
  ),
  fc.constantFrom(...ids).map((id): Op => (a, who) => clearAnswer(a, id, who)),
  fc.tuple(fc.constantFrom('pass', 'fail', 'unknown', 'not_applicable' as const), fc.constantFrom('high', 'medium', 'low' as const), text).map(
    ([status, confidence, path]): Op =>
      (a, who) =>
        confirmProposal(a, 'auth.mfa', proposeAnswer(withSignal, signals(signal('s1', status, { confidence, evidence: [evidence(path, 'd', 7)] })))!, who),
  ),
  fc.tuple(fc.option(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 7, maxLength: 40 })), fc.boolean()).map(
    ([commit, dirty]): Op =>
      (a, who) =>
        recordSave(a, { commit, dirty, at: who.now }),
  ),
);

/** A valid assessment built the way the tool builds them: by operations, some of which refuse. */
const validAssessment = fc.array(fc.tuple(op, actor), { maxLength: 25 }).map((steps) => {
  let a = assessment(list);
  for (const [apply, who] of steps) {
    try {
      a = apply(a, { by: who.by, now: new Date(NOW.getTime() + who.day * 86_400_000) });
    } catch (error) {
      if (!(error instanceof AnswerError)) throw error;
    }
  }
  return a;
});

// --- mutations of a valid file -------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function containers(value: Json, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    out.push(path);
    value.forEach((v, i) => containers(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    out.push(path);
    for (const [k, v] of Object.entries(value)) containers(v, [...path, k], out);
  }
  return out;
}

function at(value: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k] as Json, value);
}

type Mutation =
  | { kind: 'delete'; target: number; key: number }
  | { kind: 'replace'; target: number; key: number; value: Json }
  | { kind: 'insert'; target: number; key: string; value: Json }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; garbage: string }
  | { kind: 'byte'; at: number; byte: number };

const jsonValue = fc.jsonValue() as fc.Arbitrary<Json>;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat(), key: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), target: fc.nat(), key: fc.nat(), value: jsonValue }),
  fc.record({ kind: fc.constant('insert' as const), target: fc.nat(), key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'state', 'waiver', 'constructor')), value: jsonValue }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), garbage: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
);

function mutate(source: string, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(source, 'utf8');
  for (const m of mutations) {
    if (m.kind === 'truncate') bytes = bytes.subarray(0, m.at % (bytes.length + 1));
    else if (m.kind === 'splice') {
      const i = m.at % (bytes.length + 1);
      bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(m.garbage, 'utf8'), bytes.subarray(i)]);
    } else if (m.kind === 'byte') {
      if (bytes.length > 0) bytes[m.at % bytes.length] = m.byte;
    } else {
      let doc: Json;
      try {
        doc = JSON.parse(bytes.toString('utf8')) as Json;
      } catch {
        continue; // already broken at the text level
      }
      const targets = containers(doc);
      const path = targets[m.target % targets.length] ?? [];
      const node = at(doc, path);
      if (Array.isArray(node)) {
        if (m.kind === 'insert') node.splice(m.key.length % (node.length + 1), 0, m.value);
        else if (node.length > 0) {
          if (m.kind === 'delete') node.splice(m.key % node.length, 1);
          else node[m.key % node.length] = m.value;
        }
      } else if (node !== null && typeof node === 'object') {
        const keys = Object.keys(node);
        if (m.kind === 'insert') Object.defineProperty(node, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        else if (keys.length > 0) {
          const key = keys[m.key % keys.length]!;
          if (m.kind === 'delete') delete node[key];
          else node[key] = m.value;
        }
      }
      bytes = Buffer.from(JSON.stringify(doc, null, 2), 'utf8');
    }
  }
  return bytes;
}

const seedFile = (() => {
  let a = assessment(list);
  const who = { by: 'Alice', now: NOW };
  a = setAnswer(a, 'logs.audit', { state: 'no', note: 'none yet' }, who);
  a = setOwnerDue(a, 'logs.audit', { owner: 'Dana', due: '2025-07-01' }, who);
  a = grantWaiver(a, 'logs.audit', { justification: 'after launch', approver: 'CISO', expires: '2025-08-01' }, who);
  a = confirmProposal(a, 'auth.mfa', proposeAnswer(withSignal, signals(signal('s1', 'pass')))!, who);
  a = addEvidence(a, 'auth.mfa', { kind: 'link', url: 'https://wiki/mfa' }, who);
  a = clearAnswer(setAnswer(a, 'ai.guard', { state: 'yes' }, who), 'ai.guard', who);
  return serializeAssessment(recordSave(a, { commit: 'abc', dirty: false, at: NOW }));
})();

describe('loader properties', () => {
  it('every assessment the operations can produce serialises, loads back equal, and re-serialises to the same bytes', () => {
    fc.assert(
      fc.property(validAssessment, (a) => {
        const text = serializeAssessment(a);
        const loaded = decodeAssessmentText(text);
        expect(loaded.fileVersion).toBe(SCHEMA_VERSION);
        expect(loaded.assessment).toEqual(a);
        expect(serializeAssessment(loaded.assessment)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('a mutated file either loads as a valid assessment or is refused with a DecodeError, never anything else', () => {
    let refused = 0;
    let loaded = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const bytes = mutate(seedFile, mutations);
        let result: ReturnType<typeof decodeAssessmentText>;
        try {
          result = decodeAssessmentText(bytes.toString('utf8'));
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
          expect(error.summary.length).toBeGreaterThan(0);
          refused++;
          return;
        }
        loaded++;
        expect(AssessmentSchema.safeParse(result.assessment).success).toBe(true);
        // What loads must survive a save/load cycle unchanged.
        expect(decodeAssessmentText(serializeAssessment(result.assessment)).assessment).toEqual(result.assessment);
      }),
      { numRuns: 1500 },
    );
    // The property is only meaningful if both outcomes happen.
    expect(refused).toBeGreaterThan(100);
    expect(loaded).toBeGreaterThan(10);
  });

  describe('through the file loader', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'shipshape-prop-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('throws nothing but AssessmentFileError, with a printable message', async () => {
      const file = join(dir, 'a.json');
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          await writeFile(file, mutate(seedFile, mutations));
          try {
            await loadAssessment(file);
          } catch (error) {
            expect(error).toBeInstanceOf(AssessmentFileError);
            expect((error as Error).message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
