import { useEffect, useRef } from 'react';
import type { WizardServices } from '../services.js';
import type { WizardAction, WizardState } from '../state/types.js';
import { errorText } from './error-text.js';

/**
 * The dossier preview: rendered when the preview screen asks for it, and wrapped
 * again when the terminal's width changes while it is shown. marked-terminal (and
 * the highlighter it brings) loads only when a preview is asked for.
 */
export function usePreviewLoader(
  state: Pick<WizardState, 'screen' | 'preview' | 'assessment' | 'scan'>,
  services: Pick<WizardServices, 'renderDossier'>,
  dispatch: (a: WizardAction) => void,
  width: number,
  color: boolean,
): void {
  const markdown = useRef<string | null>(null);
  const wrappedAt = useRef<{ width: number; color: boolean } | null>(null);
  const loading = state.screen === 'preview' && state.preview.status === 'loading';
  const shown = state.screen === 'preview' && state.preview.status === 'ready';
  const { assessment } = state;
  const result = state.scan.result;

  useEffect(() => {
    if (!loading) return;
    let live = true;
    Promise.all([services.renderDossier(assessment, result), import('../markdown.js')]).then(
      ([md, { renderMarkdownLines }]) => {
        markdown.current = md;
        wrappedAt.current = { width, color };
        if (live) dispatch({ type: 'preview-ready', lines: renderMarkdownLines(md, width, color) });
      },
      (error: unknown) => live && dispatch({ type: 'preview-failed', message: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [loading, assessment, result, services, dispatch, width, color]);

  useEffect(() => {
    const md = markdown.current;
    const at = wrappedAt.current;
    if (!shown || md === null || (at !== null && at.width === width && at.color === color)) return;
    let live = true;
    wrappedAt.current = { width, color };
    void import('../markdown.js').then(
      ({ renderMarkdownLines }) => live && dispatch({ type: 'preview-ready', lines: renderMarkdownLines(md, width, color) }),
    );
    return () => {
      live = false;
    };
  }, [shown, width, color, dispatch]);
}
