import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChecklist } from '../../source/checklist/load.js';
import type { Checklist, Question } from '../../source/checklist/schema.js';

/**
 * Content rules for the shipped checklist that the schema cannot express: coverage of
 * the signal catalog, honest mapping of informational signals, scoping of AI questions.
 * They guard against edits that are valid YAML but make the review worse.
 */

const dir = path.resolve(import.meta.dirname, '../../checklists');
const shippedFile = path.join(dir, 'ai-production-readiness.yaml');

// The signal catalog from shared/signals.md plus the extra ids the detectors produce.
// Listed here (not read from the detector registry) so this test does not depend on
// every detector being registered.
const CATALOG = [
  'secrets.hardcoded', 'secrets.env-committed', 'secrets.gitignore-env', 'secrets.history', 'auth.library',
  'logging.structured', 'observability.tracing', 'observability.errors', 'observability.metrics', 'llm.sdk',
  'llm.output-validation', 'llm.output-handling', 'llm.tracing', 'resilience.rate-limit', 'resilience.retry',
  'resilience.cache', 'ci.pipeline', 'ci.security-scan', 'deps.lockfile', 'deps.update-bot', 'deps.codeowners',
  'repo.security-policy', 'repo.license', 'container.dockerfile', 'container.nonroot', 'container.pinned-base',
  'k8s.security-context', 'gha.permissions', 'gha.pinned-actions', 'gha.dangerous-triggers', 'iac.public-exposure',
  'ai.provenance-markers', 'ai.assisted-commits', 'health.endpoint', 'config.env-validation',
  'ci.tests', 'ci.sbom-image-scan', 'logging.sensitive', 'deps.suspicious',
  'auth.token-storage', 'repo.direct-pushes', 'secrets.live-credential', 'db.row-level-security',
  // AI code understanding
  'llm.client-exposure', 'llm.token-limits', 'llm.model-pinning', 'llm.prompt-secrets', 'llm.prompt-injection-surface', 'llm.timeouts', 'llm.tool-scope',
  'llm.usage-tracking', 'llm.evals', 'llm.retrieval', 'llm.moderation', 'llm.human-approval',
];
const INFORMATIONAL = ['llm.sdk', 'container.dockerfile', 'ai.provenance-markers', 'ai.assisted-commits', 'deps.suspicious', 'llm.retrieval'];
const DEFAULTS = { pass: 'yes', fail: 'no', unknown: 'unknown', not_applicable: 'n/a' } as const;
const FRAMEWORK_KEYS = ['soc2', 'hipaa', 'pci-dss', 'gdpr', 'nist-ai-rmf', 'owasp-llm', 'nist-ssdf'];

function load(): Checklist {
  return loadChecklist(shippedFile, { knownSignals: new Set(CATALOG) });
}

function bySection(c: Checklist): Map<string, Question[]> {
  const out = new Map<string, Question[]>();
  for (const q of c.questions) out.set(q.section, [...(out.get(q.section) ?? []), q]);
  return out;
}

describe('shipped checklist ai-production-readiness', () => {
  it('loads, and starts with the editor schema comment', () => {
    const text = readFileSync(shippedFile, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./checklist.schema.json');
    const c = load();
    expect(c.id).toBe('ai-production-readiness');
    expect(c.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('asks at least 70 questions, at least 4 in every section, ids prefixed by their section', () => {
    const c = load();
    expect(c.questions.length).toBeGreaterThanOrEqual(70);
    const sections = bySection(c);
    for (const s of c.sections) expect(sections.get(s.id)?.length ?? 0, s.id).toBeGreaterThanOrEqual(4);
    for (const q of c.questions) expect(q.id.startsWith(`${q.section}.`), q.id).toBe(true);
  });

  it('covers every area of the review', () => {
    const ids = load().sections.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining(['auth', 'secrets', 'observability', 'ai-observability', 'ai-validation', 'data', 'infra', 'supply-chain', 'resilience', 'delivery', 'compliance', 'incident']),
    );
  });

  it('lets every catalog signal answer at least one question', () => {
    const used = new Set(load().questions.flatMap((q) => (q.signals ?? []).map((s) => s.id)));
    expect(CATALOG.filter((id) => !used.has(id))).toEqual([]);
  });

  it('never lets an informational signal propose yes or no', () => {
    for (const q of load().questions) {
      for (const rule of q.signals ?? []) {
        if (!INFORMATIONAL.includes(rule.id)) continue;
        for (const outcome of ['pass', 'fail', 'unknown', 'not_applicable'] as const) {
          const proposed = rule[outcome] ?? DEFAULTS[outcome];
          expect(['yes', 'no'], `${q.id} ${rule.id} ${outcome}`).not.toContain(proposed);
        }
      }
    }
  });

  it('scopes every AI-section question to services that call models', () => {
    for (const q of load().questions) {
      if (q.section === 'ai-observability' || q.section === 'ai-validation') expect(q.applies_when?.ai, q.id).toBe(true);
    }
  });

  it('keeps blockers rare and maps nearly every question to a framework', () => {
    const c = load();
    const blockers = c.questions.filter((q) => q.severity === 'blocker');
    expect(blockers.length).toBeGreaterThan(0);
    expect(blockers.length).toBeLessThanOrEqual(Math.ceil(c.questions.length * 0.1));
    const unmapped = c.questions.filter((q) => !FRAMEWORK_KEYS.some((k) => k in q.mappings));
    expect(unmapped.map((q) => q.id)).toEqual([]);
  });

  it('stores control identifiers, not control text', () => {
    for (const q of load().questions) {
      for (const ids of Object.values(q.mappings)) {
        for (const id of ids ?? []) expect(id.length, `${q.id}: ${id}`).toBeLessThanOrEqual(24);
      }
    }
  });
});

describe('example extending checklist', () => {
  it('adds two questions, replaces one and drops one', () => {
    const base = load();
    const acme = loadChecklist(path.join(dir, 'examples', 'acme-policy.yaml'), { knownSignals: new Set(CATALOG), shippedDir: dir });
    expect(acme.sources).toHaveLength(2);
    expect(acme.questions.length).toBe(base.questions.length + 2 - 1);
    expect(acme.questions.some((q) => q.id === 'supply-chain.licence-declared')).toBe(false);
    const replaced = acme.questions.find((q) => q.id === 'resilience.load-tested');
    const original = base.questions.find((q) => q.id === 'resilience.load-tested');
    expect(replaced?.text).not.toBe(original?.text);
    expect(acme.sections.map((s) => s.id)).toContain('acme');
  });
});
