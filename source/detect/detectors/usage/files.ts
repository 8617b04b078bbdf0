import type { FileEntry } from '../../types.js';

/** Source languages the usage machinery reads; `config` covers XML/YAML/properties/Dockerfiles. */
export type Lang = 'js' | 'py' | 'go' | 'java' | 'kotlin' | 'config' | 'template';

const JS_EXT = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.vue', '.svelte', '.astro']);
const CONFIG_EXT = new Set(['.xml', '.yml', '.yaml', '.properties', '.conf', '.toml', '.ini', '.cfg']);
const TEMPLATE_EXT = new Set(['.html', '.htm', '.jinja', '.jinja2', '.j2', '.hbs', '.ejs', '.njk', '.erb']);

export function langOf(file: Pick<FileEntry, 'base' | 'ext'>): Lang | null {
  if (JS_EXT.has(file.ext)) return 'js';
  if (file.ext === '.py') return 'py';
  if (file.ext === '.go') return 'go';
  if (file.ext === '.java') return 'java';
  if (file.ext === '.kt' || file.ext === '.kts') return 'kotlin';
  if (CONFIG_EXT.has(file.ext)) return 'config';
  if (file.base === 'dockerfile' || file.base.startsWith('dockerfile.') || file.ext === '.dockerfile') return 'config';
  if (file.base === 'procfile') return 'config';
  if (TEMPLATE_EXT.has(file.ext)) return 'template';
  return null;
}
