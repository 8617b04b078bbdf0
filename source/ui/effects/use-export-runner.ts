import { useEffect } from 'react';
import type { WizardServices } from '../services.js';
import type { WizardAction, WizardState } from '../state/types.js';
import { errorText } from './error-text.js';

/** The export screen writes the dossier once each time it is entered, and says where or why not. */
export function useExportRunner(
  state: Pick<WizardState, 'screen' | 'exported' | 'assessment' | 'scan'>,
  services: Pick<WizardServices, 'exportDossier'>,
  dispatch: (a: WizardAction) => void,
): void {
  const writing = state.screen === 'export' && state.exported.status === 'writing';
  const { assessment } = state;
  const result = state.scan.result;
  useEffect(() => {
    if (!writing) return;
    services.exportDossier(assessment, result).then(
      (paths) => dispatch({ type: 'export-done', paths }),
      (error: unknown) => dispatch({ type: 'export-failed', message: errorText(error) }),
    );
  }, [writing, assessment, result, services, dispatch]);
}
