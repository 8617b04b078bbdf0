/** The report module's public face: what the CLI commands and the wizard's preview/export screens call. */
export type { DossierInput, DossierView } from './view.js';
export { buildDossierView } from './view.js';
export { renderDossierMarkdown, type MarkdownOptions } from './markdown.js';
export { renderReportJson, buildReport, REPORT_FORMAT, REPORT_FORMAT_VERSION, type Report } from './json.js';
export { renderReportSarif, dossierFindings } from './findings-dossier.js';
export { buildSarif, renderSarif } from './sarif.js';
export { writeDossier, dossierFileName, reportFileName } from './write.js';
export { TemplateError, compileTemplate } from './template.js';
