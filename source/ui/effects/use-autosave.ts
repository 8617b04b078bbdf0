import { useEffect, useRef } from 'react';
import type { Assessment } from '../../assessment/model.js';
import type { WizardServices } from '../services.js';
import type { WizardAction } from '../state/types.js';
import { errorText } from './error-text.js';

/**
 * Every change to the assessment is saved as it is made: after each render whose
 * assessment differs from the last one handed to the store. The store queues and
 * writes atomically; this hook only reports what happened to the save line
 * (saving, saved, failed). Whatever decides when a save counts as done, or what
 * quitting does with one still in flight, belongs here, beside the only caller
 * of services.save.
 */
export function useAutosave(
  assessment: Assessment,
  assessor: string,
  services: Pick<WizardServices, 'save'>,
  dispatch: (a: WizardAction) => void,
): void {
  const handedOver = useRef(assessment);
  useEffect(() => {
    if (assessment === handedOver.current) return;
    handedOver.current = assessment;
    dispatch({ type: 'save-started' });
    services.save(assessment, assessor).then(
      () => dispatch({ type: 'save-done' }),
      (error: unknown) => dispatch({ type: 'save-failed', message: errorText(error) }),
    );
  }, [assessment, assessor, services, dispatch]);
}
