import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root is found by walking up to package.json, because the relative
 * path from this file differs between `source/` under tsx and the built `dist/`.
 */
let cached: string | undefined;
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
        if (pkg.name === 'shipshape') return (cached = dir);
      } catch {
        // a broken package.json above us is not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('shipshape: cannot locate the package root (package.json named "shipshape")');
    dir = parent;
  }
}

let version: string | undefined;
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

export const shippedChecklistsDir = (): string => path.join(packageRoot(), 'checklists');
export const shippedTemplatesDir = (): string => path.join(packageRoot(), 'templates');
