import { Box } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Assessment } from '../assessment/model.js';
import { Footer, Header, HelpOverlay, MessageLine } from './components/chrome.js';
import { FormLines } from './components/form.js';
import { Lines } from './components/lines.js';
import { useAutosave } from './effects/use-autosave.js';
import { useExportRunner } from './effects/use-export-runner.js';
import { usePreviewLoader } from './effects/use-preview-loader.js';
import { useScanRunner } from './effects/use-scan-runner.js';
import { useTerminalSize } from './effects/use-terminal-size.js';
import { fieldHints, type KeyMode } from './keys/table.js';
import { useKeyRouter } from './keys/use-key-router.js';
import { SCREENS } from './screens/registry.js';
import type { WizardServices } from './services.js';
import { bodyHeight, bodyWidth } from './state/derive.js';
import type { WizardState } from './state/types.js';
import { reduce } from './state/wizard-state.js';
import { ThemeContext } from './theme.js';
import { commandAction, WIZARD_KEYS } from './wizard-keys.js';

export interface WizardAppProps {
  initial: WizardState;
  services: WizardServices;
  color: boolean;
  /** Called once when the user quits (q, Ctrl-C); the command layer waits for saves and exits. */
  onQuit(reason: 'quit' | 'interrupt', assessment: Assessment): void;
  /** Raw-mode input is available (false in some test harnesses and pipes). */
  interactive?: boolean;
}

/** Hands the quit over to the command layer once. */
function useQuitSignal(quit: WizardState['quit'], assessment: Assessment, onQuit: WizardAppProps['onQuit']): void {
  const done = useRef(false);
  useEffect(() => {
    if (quit && !done.current) {
      done.current = true;
      onQuit(quit, assessment);
    }
  }, [quit, assessment, onQuit]);
}

/**
 * The wizard: one reducer, one key router, the effects that run outside it, and
 * the chrome around the current screen's view. Only the screen that is shown
 * renders; what a screen does lives in its folder under screens/.
 */
export function WizardApp({ initial, services, color, onQuit, interactive = true }: WizardAppProps) {
  const [state, dispatch] = useReducer(reduce, initial);
  const clock = useCallback(() => services.now(), [services]);
  const width = bodyWidth(state.size);
  const height = bodyHeight(state.size);

  useTerminalSize(useCallback((size: { columns: number; rows: number }) => dispatch({ type: 'resize', ...size }), []));
  useAutosave(state.assessment, state.save.revision, state.assessor, services, dispatch);
  useScanRunner(services, dispatch);
  usePreviewLoader(state, services, dispatch, width, color);
  useExportRunner(state, services, dispatch);
  useQuitSignal(state.quit, state.assessment, onQuit);

  const mode: KeyMode = useMemo(
    () => ({ screen: state.screen, form: state.form !== null, help: state.help.open, notice: state.notice !== null }),
    [state.screen, state.form, state.help.open, state.notice],
  );
  useKeyRouter({ table: WIZARD_KEYS, mode, isActive: interactive, commandAction, dispatch, clock });

  const now = services.now();
  const View = SCREENS[state.screen].View;
  return (
    <ThemeContext.Provider value={{ color, width }}>
      <Box flexDirection="column" width={width}>
        <Header state={state} />
        <Box height={height} flexDirection="column">
          {state.help.open ? (
            <HelpOverlay state={state} height={height} />
          ) : state.form && state.screen !== 'question' ? (
            // The question screen shows its form under the question; elsewhere (the assessor switch) the form is the body.
            <Lines lines={FormLines(state.form, width, fieldHints(WIZARD_KEYS))} height={height} />
          ) : (
            <View state={state} width={width} height={height} now={now} />
          )}
        </Box>
        <MessageLine state={state} />
        <Footer mode={mode} />
      </Box>
    </ThemeContext.Provider>
  );
}
