import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretsDetector, secretsEnvDetector } from '../../source/detect/detectors/secrets/index.js';
import { findSecrets } from '../../source/detect/detectors/secrets/scan.js';
import { valuesIn } from '../../source/detect/detectors/secrets/env-files.js';
import { scan } from '../../source/detect/engine.js';
import { redactSecret } from '../../source/detect/redact.js';

/**
 * The secrets fixtures end to end: each is scanned by the real engine, its labels
 * must hold, and no secret in it may reach the JSON of the signals beyond the
 * redacted prefix.
 */
const ROOT = path.resolve('test/fixtures/repos');
const fixtures = readdirSync(ROOT).filter((n) => n.startsWith('secrets-') && statSync(path.join(ROOT, n)).isDirectory());

function walk(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(dir, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)],
  );
}

/** Every value a rule matched in the fixture (whether or not it fails the signal), plus env values. */
function secretsIn(dir: string): string[] {
  const out: string[] = [];
  for (const rel of walk(dir)) {
    const text = readFileSync(path.join(dir, rel), 'utf8');
    const base = path.posix.basename(rel).toLowerCase();
    out.push(...findSecrets(text, { base, ext: path.posix.extname(base) }).map((s) => s.secret));
    if (base.startsWith('.env')) out.push(...valuesIn(text).map((v) => v.value));
  }
  return out;
}

describe('secrets fixtures', () => {
  it('there are at least six', () => expect(fixtures.length).toBeGreaterThanOrEqual(6));

  for (const name of fixtures) {
    it(`${name}: labels hold and no secret leaks into the JSON`, async () => {
      const dir = path.join(ROOT, name);
      const labels = JSON.parse(readFileSync(`${dir}.labels.json`, 'utf8')) as { signals: Record<string, string> };
      const result = await scan(dir, {}, { detectors: [secretsDetector, secretsEnvDetector], workers: 0 });
      const byId = new Map(result.signals.map((s) => [s.id, s]));
      for (const [id, want] of Object.entries(labels.signals)) expect(byId.get(id)?.status, `${name} ${id}`).toBe(want);

      const json = JSON.stringify(result.signals);
      const secrets = secretsIn(dir);
      if (labels.signals['secrets.hardcoded'] === 'fail') expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        if (secret.length < 8) continue;
        const tail = secret.slice(redactSecret(secret).prefix.length);
        for (let i = 0; i + 8 <= tail.length; i++) {
          const piece = tail.slice(i, i + 8);
          expect(json.includes(piece), `${name}: "${piece.slice(0, 2)}…" of a secret leaked`).toBe(false);
        }
      }
    });
  }
});
