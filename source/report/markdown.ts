import { assessmentDigest, integrityEvidence, sealDossier, INTEGRITY_FORMAT, INTEGRITY_VERSION, type IntegrityData } from './integrity.js';
import { compileTemplate, defaultTemplate, type DossierTemplate } from './template.js';
import { buildDossierView, type DossierInput, type DossierView } from './view.js';

/**
 * The markdown dossier: view-model → template → integrity appendix and digest.
 * The appendix is added here, not by the template, so a team's own template
 * cannot produce a dossier that `verify` could not check.
 */

export interface MarkdownOptions {
  /** A team's own Handlebars template (the text); the shipped one when absent. */
  templateText?: string;
  /** How the template is named in error messages (its path). */
  templateName?: string;
}

export function integrityData(input: DossierInput, view: DossierView): IntegrityData {
  return {
    format: INTEGRITY_FORMAT,
    version: INTEGRITY_VERSION,
    assessment: { id: input.assessment.id, name: input.assessment.name, sha256: assessmentDigest(input.assessment) },
    checklist: { id: input.checklist.id, version: input.checklist.version, hash: input.checklist.hash },
    generated_at: input.now.toISOString(),
    tool_version: view.toolVersion,
    evidence: integrityEvidence(view),
  };
}

export function renderDossierMarkdown(input: DossierInput, options: MarkdownOptions = {}): string {
  const template: DossierTemplate =
    options.templateText !== undefined ? compileTemplate(options.templateText, options.templateName ?? 'template') : defaultTemplate();
  const view = buildDossierView(input);
  const body = tidy(template(view));
  return sealDossier(body, integrityData(input, view));
}

/** Collapse the blank-line runs that template conditionals leave behind; markdown gives them no meaning. */
function tidy(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '');
}
