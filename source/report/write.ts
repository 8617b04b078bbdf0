import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../assessment/atomic-write.js';
import { renderReportJson } from './json.js';
import { renderDossierMarkdown } from './markdown.js';
import type { DossierInput } from './view.js';

export function dossierFileName(assessmentName: string): string {
  return `${assessmentName}.dossier.md`;
}
export function reportFileName(assessmentName: string): string {
  return `${assessmentName}.report.json`;
}

/** Write the markdown dossier and the JSON report side by side (each atomically). Returns the paths written. */
export async function writeDossier(input: DossierInput, outDir: string): Promise<{ markdown: string; json: string }> {
  const markdown = path.join(outDir, dossierFileName(input.assessment.name));
  const json = path.join(outDir, reportFileName(input.assessment.name));
  const md = renderDossierMarkdown(input);
  const js = renderReportJson(input);
  await mkdir(outDir, { recursive: true });
  await writeFileAtomic(markdown, md);
  await writeFileAtomic(json, js);
  return { markdown, json };
}
