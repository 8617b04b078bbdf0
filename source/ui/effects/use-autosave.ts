import { useEffect, useRef } from 'react';
import type { Assessment } from '../../assessment/model.js';
import type { WizardServices } from '../services.js';
import type { WizardAction } from '../state/types.js';
import { saveFailureReason } from './error-text.js';

/**
 * Every change to the assessment is saved as it is made: after each render whose
 * revision differs from the last one handed to the store. The store queues and
 * writes atomically; each save reports the revision it wrote, and the reducer
 * shows "saved" only when that is the newest one, so a save that finishes while
 * a newer change waits behind it never makes the screen claim the newer change
 * is on disk. This hook is the only caller of services.save.
 */
export function useAutosave(
  assessment: Assessment,
  revision: number,
  assessor: string,
  services: Pick<WizardServices, 'save'>,
  dispatch: (a: WizardAction) => void,
): void {
  const handedOver = useRef(revision);
  useEffect(() => {
    if (revision === handedOver.current) return;
    handedOver.current = revision;
    services.save(assessment, assessor).then(
      () => dispatch({ type: 'save-done', revision }),
      (error: unknown) => dispatch({ type: 'save-failed', revision, message: saveFailureReason(error) }),
    );
  }, [assessment, revision, assessor, services, dispatch]);
}
