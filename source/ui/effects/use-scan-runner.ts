import { useEffect } from 'react';
import type { WizardServices } from '../services.js';
import type { WizardAction } from '../state/types.js';
import { errorText } from './error-text.js';

/** The scan starts with the wizard and reports its progress; a result that arrives after unmount is dropped. */
export function useScanRunner(services: Pick<WizardServices, 'scan' | 'now'>, dispatch: (a: WizardAction) => void): void {
  useEffect(() => {
    let live = true;
    services
      .scan((progress) => live && dispatch({ type: 'scan-progress', progress }))
      .then(
        (result) => live && dispatch({ type: 'scan-done', result, now: services.now() }),
        (error: unknown) => live && dispatch({ type: 'scan-failed', message: errorText(error) }),
      );
    return () => {
      live = false;
    };
  }, [services, dispatch]);
}
