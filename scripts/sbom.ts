import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';

/**
 * A CycloneDX 1.6 SBOM of what the bundle actually contains: every npm package with
 * at least one byte in dist/ (from esbuild's metafile, so tree-shaken and test-only
 * packages are not listed), with its version and declared licence. Written to
 * dist/sbom.cdx.json at build time and shipped in the package.
 */

interface Component {
  type: 'library';
  'bom-ref': string;
  group?: string;
  name: string;
  version: string;
  purl: string;
  licenses?: { expression: string }[];
}

/** `node_modules/@scope/name/lib/x.js` (possibly nested) → `node_modules/@scope/name`. */
export function packageDirOf(input: string): string | null {
  const i = input.lastIndexOf('node_modules/');
  if (i === -1) return null;
  const rest = input.slice(i + 'node_modules/'.length).split('/');
  const name = rest[0]?.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0];
  return name ? input.slice(0, i) + 'node_modules/' + name : null;
}

function purl(name: string, version: string): string {
  return `pkg:npm/${name.startsWith('@') ? `%40${name.slice(1)}` : name}@${version}`;
}

export function cycloneDxSbom(metafile: Metafile, root: string) {
  const dirs = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dir = bytesInOutput > 0 ? packageDirOf(input) : null;
      if (dir) dirs.add(dir);
    }
  }
  // Runtime dependencies left out of the bundle (a native module) are installed beside it: list them too.
  const declared = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(declared.dependencies ?? {})) dirs.add(`node_modules/${name}`);
  const byRef = new Map<string, Component>();
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown };
    const ref = purl(pkg.name, pkg.version);
    const scoped = pkg.name.startsWith('@');
    byRef.set(ref, {
      type: 'library',
      'bom-ref': ref,
      ...(scoped ? { group: pkg.name.split('/')[0]!, name: pkg.name.split('/')[1]! } : { name: pkg.name }),
      version: pkg.version,
      purl: ref,
      ...(typeof pkg.license === 'string' ? { licenses: [{ expression: pkg.license }] } : {}),
    });
  }
  const self = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
  const selfRef = purl(self.name, self.version);
  const components = [...byRef.values()].sort((a, b) => a.purl.localeCompare(b.purl));
  const epoch = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: epoch.toISOString(),
      tools: { components: [{ type: 'application', name: 'shipshape scripts/sbom.ts (esbuild metafile)', version: self.version }] },
      component: { type: 'application', 'bom-ref': selfRef, name: self.name, version: self.version, purl: selfRef, licenses: [{ expression: self.license }] },
    },
    components,
    dependencies: [{ ref: selfRef, dependsOn: components.map((c) => c['bom-ref']) }, ...components.map((c) => ({ ref: c['bom-ref'] }))],
  };
}
