import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { authDetector } from '../../source/detect/detectors/auth.js';
import { envValidationDetector } from '../../source/detect/detectors/env-validation.js';
import { healthDetector } from '../../source/detect/detectors/health.js';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { loggingDetector } from '../../source/detect/detectors/logging.js';
import { observabilityDetector } from '../../source/detect/detectors/observability.js';
import { resilienceDetector } from '../../source/detect/detectors/resilience.js';
import type { Signal } from '../../source/detect/types.js';
import { runDetector } from '../helpers/detector-harness.js';

/**
 * The usage/LLM detectors against every labelled fixture repository, through the
 * detector harness (no walker), so a mismatch names the detector's own verdict.
 * Exact status match is required for every label these detectors own.
 */

const REPOS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'repos');
const DETECTORS = [authDetector, loggingDetector, observabilityDetector, llmDetector, resilienceDetector, healthDetector, envValidationDetector];
const OWNED = new Set(DETECTORS.flatMap((d) => d.signals.map((s) => s.id)));

function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.git') continue;
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) Object.assign(out, readTree(full, rel));
    else out[rel] = readFileSync(full, 'utf8');
  }
  return out;
}

export async function scanFixture(dir: string): Promise<Map<string, Signal>> {
  const files = readTree(dir);
  const all = new Map<string, Signal>();
  for (const d of DETECTORS) for (const [id, s] of await runDetector(d, files)) all.set(id, s);
  return all;
}

const fixtures = existsSync(REPOS)
  ? readdirSync(REPOS)
      .filter((e) => e.endsWith('.labels.json'))
      .map((e) => ({ name: e.slice(0, -'.labels.json'.length), labels: (JSON.parse(readFileSync(path.join(REPOS, e), 'utf8')) as { signals: Record<string, string> }).signals }))
      .filter((f) => Object.keys(f.labels).some((id) => OWNED.has(id)))
  : [];

describe('usage and LLM detectors on labelled fixtures', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, fx) => {
    const got = await scanFixture(path.join(REPOS, fx.name));
    const mismatches: string[] = [];
    for (const [id, expected] of Object.entries(fx.labels)) {
      if (!OWNED.has(id)) continue;
      const s = got.get(id);
      if (s?.status !== expected) mismatches.push(`${id}: expected ${expected}, got ${s?.status} — ${s?.summary}`);
      // Every verdict carries evidence (signals.md).
      if (s && (s.status === 'pass' || s.status === 'fail')) expect(s.evidence.length, `${id} evidence`).toBeGreaterThan(0);
    }
    expect(mismatches).toEqual([]);
  });
});
