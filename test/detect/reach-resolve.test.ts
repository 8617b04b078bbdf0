import { describe, expect, it } from 'vitest';
import { createResolver } from '../../source/detect/reach/resolve.js';

const files = new Set([
  'apps/web/src/lib/db.ts',
  'apps/admin/src/lib/db.ts',
  'apps/web/src/page.tsx',
  'apps/admin/src/page.tsx',
  'src/lib/db.ts',
  'packages/ui/src/index.ts',
  'packages/ui/src/button.ts',
  'scripts/x.ts',
]);

describe('import resolution', () => {
  const resolve = createResolver(files, {
    aliases: [
      { scope: 'apps/web', prefix: '@/', wildcard: true, targets: ['apps/web/src/'] },
      { scope: 'apps/admin', prefix: '@/', wildcard: true, targets: ['apps/admin/src/'] },
      { scope: '', prefix: '@/', wildcard: true, targets: ['src/'] },
    ],
    packages: [{ name: '@acme/ui', dir: 'packages/ui', entries: ['packages/ui/src/index.ts'], subpaths: [{ key: './*', target: 'packages/ui/src/*' }] }],
  });

  it('resolves the same bare specifier by the alias scope of each importer, however often it is asked', () => {
    for (let i = 0; i < 2; i++) {
      expect(resolve('apps/web/src/page.tsx', '@/lib/db')).toBe('apps/web/src/lib/db.ts');
      expect(resolve('apps/admin/src/page.tsx', '@/lib/db')).toBe('apps/admin/src/lib/db.ts');
      expect(resolve('scripts/x.ts', '@/lib/db')).toBe('src/lib/db.ts');
      // A folder whose name only starts like a scope is not in it.
      expect(resolve('apps/webhooks/h.ts', '@/lib/db')).toBe('src/lib/db.ts');
    }
  });

  it('resolves workspace packages and relative paths, and leaves packages and URLs external', () => {
    expect(resolve('apps/web/src/page.tsx', '@acme/ui')).toBe('packages/ui/src/index.ts');
    expect(resolve('apps/admin/src/page.tsx', '@acme/ui/button')).toBe('packages/ui/src/button.ts');
    expect(resolve('apps/web/src/page.tsx', './lib/db.js')).toBe('apps/web/src/lib/db.ts');
    expect(resolve('apps/admin/src/page.tsx', './lib/db.js')).toBe('apps/admin/src/lib/db.ts');
    expect(resolve('apps/web/src/page.tsx', 'react')).toBeNull();
    expect(resolve('apps/web/src/page.tsx', 'https://esm.sh/react')).toBeNull();
  });
});
