import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';
import { llmDetector } from '../source/detect/detectors/llm/detector.js';
const root = process.argv[2]!;
const files = execSync(`cd ${root} && git ls-files`, { maxBuffer: 1e9 }).toString().trim().split('\n');
for (const f of files) {
  const entry = { path: f, base: path.basename(f).toLowerCase(), ext: path.extname(f).toLowerCase(), size: 0, tracked: true };
  if (!llmDetector.selects(entry)) continue;
  let text: string; try { text = readFileSync(path.join(root, f), 'utf8'); } catch { continue; }
  for (const x of llmDetector.collect(entry, text)) if (x.kind === (process.argv[3] ?? 'llm-call')) console.log(`${x.path}:${x.line}\t${JSON.stringify(x.data)}`);
}
