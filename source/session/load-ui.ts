/**
 * The terminal UI (Ink, React) loads only when a wizard screen is about to show:
 * the non-interactive commands never pay for it, and React can be switched to its
 * production build first (its development build is several times slower per
 * frame). Tests set NODE_ENV themselves and keep it.
 */
export async function loadWizard() {
  await import('./production-react.js');
  return withoutFetch(() => import('./run-wizard.js'));
}

export async function loadHome() {
  await import('./production-react.js');
  return withoutFetch(() => import('./run-home.js'));
}

/**
 * Ink's layout engine (yoga) is WebAssembly embedded as a data: URL, which it
 * loads with fetch() when fetch exists. Node's fetch is undici, loaded on first
 * touch: some 25 ms of the first frame spent fetching bytes already in memory.
 * Without fetch, yoga decodes the same bytes directly. Nothing else runs fetch
 * while the UI modules load, and the global is put back whatever happens.
 */
let hidden: { depth: number; descriptor: PropertyDescriptor } | null = null;

export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  if (hidden === null) {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    if (!descriptor?.configurable) return load();
    Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
    hidden = { depth: 0, descriptor };
  }
  // Overlapping loads share one hiding: the last to finish puts the original back.
  const mine = hidden;
  mine.depth++;
  try {
    return await load();
  } finally {
    if (--mine.depth === 0) {
      Object.defineProperty(globalThis, 'fetch', mine.descriptor);
      hidden = null;
    }
  }
}
