import path from 'node:path';
import { loadChecklist } from '../source/checklist/load.js';
import { runScan } from '../source/detect/engine.js';
import { proposeAll } from '../source/assessment/propose.js';
import { questionApplicability } from '../source/assessment/applicability.js';
import { knownSignalIds } from '../source/detect/catalog.js';

const root = process.argv[2]!;
const tier = (process.argv[3] ?? 'customer-facing') as 'customer-facing';
const checklist = loadChecklist(path.resolve('checklists/ai-production-readiness.yaml'), { knownSignals: knownSignalIds() });
const report = await runScan(root, {});
const proposals = proposeAll(checklist.questions, report.result.signals);
const scope = { tier, data: [], ai: true, frameworks: [] };
for (const section of ['ai-observability', 'ai-validation', 'secrets', 'resilience']) {
  const qs = checklist.questions.filter((q) => q.section === section && questionApplicability(scope, q).applies);
  const detected = qs.filter((q) => { const p = proposals.get(q.id); return p && p.state !== 'unknown'; });
  console.log(`${section}: ${detected.length}/${qs.length} detected`);
  for (const q of qs) { const p = proposals.get(q.id); console.log(`   ${q.id.padEnd(40)} ${p ? p.state : '-'}`); }
}
