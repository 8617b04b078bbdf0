import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAssessment } from '../../source/assessment/create.js';
import type { Assessment } from '../../source/assessment/model.js';
import { loadChecklist } from '../../source/checklist/load.js';
import type { Checklist } from '../../source/checklist/schema.js';
import type { ScanResult, Signal } from '../../source/detect/types.js';
import { signal as buildSignal } from '../helpers/builders.js';
import type { WizardServices } from '../../source/ui/services.js';
import type { Flow, WizardState } from '../../source/ui/state/types.js';
import { initWizardState, reduce } from '../../source/ui/state/wizard-state.js';
import type { WizardAction } from '../../source/ui/state/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The wizard tests' clock: their fixture dates (due dates, waivers) are set against it. */
export const NOW = new Date('2025-06-01T12:00:00.000Z');

function testChecklist(): Checklist {
  return loadChecklist(path.join(here, 'fixtures', 'wizard-checklist.yaml'));
}

/** A signal with exactly the evidence given (none by default). */
export function signal(id: string, status: Signal['status'], evidence: Signal['evidence'] = []): Signal {
  return buildSignal(id, status, { evidence });
}

export function scanResult(signals: Signal[] = defaultSignals()): ScanResult {
  return { tool: 'shipshape', version: '0.0.0', root: '/repo', commit: 'abc123', branch: 'main', dirty: false, files_scanned: 12, files_skipped: 1, skipped_by_reason: {}, duration_ms: 321, signals };
}

function defaultSignals(): Signal[] {
  return [
    signal('secrets.hardcoded', 'fail', [{ path: 'src/key.ts', line: 3, excerpt: "const key = 'sk-…'", sha256: 'a'.repeat(64) }]),
    signal('secrets.gitignore-env', 'pass', [{ path: '.gitignore', line: 1, excerpt: '.env', sha256: 'b'.repeat(64) }]),
    signal('ci.pipeline', 'pass', [{ path: '.github/workflows/ci.yml', sha256: 'c'.repeat(64) }]),
    signal('llm.sdk', 'pass', [{ path: 'src/ai.ts', line: 1, excerpt: "import OpenAI from 'openai'", sha256: 'd'.repeat(64) }]),
  ];
}

function testAssessment(checklist = testChecklist(), overrides: Partial<Assessment> = {}): Assessment {
  return {
    ...createAssessment({
      name: 'demo',
      repository: { root: '.', remote: null, branch: 'main' },
      checklist,
      checklistSource: 'wizard-test',
      scope: { tier: 'customer-facing', data: [], ai: false, frameworks: [] },
      assessor: 'Ann',
      now: NOW,
      id: '00000000-0000-4000-8000-000000000000',
    }),
    ...overrides,
  };
}

export function testState(flow: Flow = 'start', size = { columns: 80, rows: 24 }): WizardState {
  const checklist = testChecklist();
  return initWizardState({ checklist, assessment: testAssessment(checklist), assessor: 'Ann', flow, size });
}

export function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(reduce, state);
}

/** Scope confirmed and the scan in: the state the question screens start from. */
export function readyState(): WizardState {
  const s = run(testState(), { type: 'activate', now: NOW }, { type: 'scan-done', result: scanResult(), now: NOW });
  return s;
}

export interface FakeServices extends WizardServices {
  saved: Assessment[];
  exported: number;
  finishScan(result?: ScanResult): void;
}

export function fakeServices(opts: { scanImmediately?: boolean } = {}): FakeServices {
  let finish: (r: ScanResult) => void = () => undefined;
  const services: FakeServices = {
    saved: [],
    exported: 0,
    now: () => NOW,
    async save(a) {
      services.saved.push(a);
    },
    scan(onProgress) {
      onProgress({ phase: 'read', filesWalked: 40, filesRead: 20, bytesRead: 1000, detectorsDone: 3, detectorsTotal: 10, elapsedMs: 500 });
      if (opts.scanImmediately) return Promise.resolve(scanResult());
      return new Promise((resolve) => (finish = resolve));
    },
    async renderDossier(a) {
      return `# Dossier for ${a.name}\n\n${Array.from({ length: 80 }, (_, i) => `Line ${i + 1} of the dossier.`).join('\n\n')}\n`;
    },
    async exportDossier() {
      services.exported++;
      return { markdown: '.shipshape/demo.dossier.md', json: '.shipshape/demo.report.json' };
    },
    finishScan(result = scanResult()) {
      finish(result);
    },
  };
  return services;
}
