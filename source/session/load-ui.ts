/**
 * The terminal UI (Ink, React) loads only when a wizard screen is about to show:
 * the non-interactive commands never pay for it, and React can be switched to its
 * production build first (its development build is several times slower per
 * frame). Tests set NODE_ENV themselves and keep it.
 */
export async function loadWizard() {
  await import('./production-react.js');
  return import('./run-wizard.js');
}

export async function loadHome() {
  await import('./production-react.js');
  return import('./run-home.js');
}
