import { Box, useStdout } from 'ink';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { Assessment } from '../assessment/model.js';
import { Footer, Header, HelpOverlay, MessageLine } from './components/chrome.js';
import { FormLines } from './components/form.js';
import { Lines } from './components/lines.js';
import type { Command, KeyMode } from './keys/bindings.js';
import { KeyProvider, useKeyHandler } from './keys/key-provider.js';
import { ExportView } from './screens/export/export-view.js';
import { useExportKeys } from './screens/export/use-export.js';
import { PreviewView } from './screens/preview/preview-view.js';
import { usePreviewKeys } from './screens/preview/use-preview.js';
import { QuestionView } from './screens/question/question-view.js';
import { useQuestionKeys } from './screens/question/use-question.js';
import { ReviewView } from './screens/review/review-view.js';
import { useReviewKeys } from './screens/review/use-review.js';
import { ScanView } from './screens/scan/scan-view.js';
import { useScanKeys } from './screens/scan/use-scan.js';
import { ScopeView } from './screens/scope/scope-view.js';
import { useScopeKeys } from './screens/scope/use-scope.js';
import { SearchView } from './screens/search/search-view.js';
import { SectionsView } from './screens/sections/sections-view.js';
import { useSectionsKeys } from './screens/sections/use-sections.js';
import type { ScreenProps, WizardDispatch } from './screens/types.js';
import type { WizardServices } from './services.js';
import { bodyHeight, bodyWidth } from './state/derive.js';
import type { WizardState } from './state/types.js';
import type { EditOp } from './state/line-edit.js';
import { reduce } from './state/wizard-state.js';
import { ThemeContext } from './theme.js';

export interface WizardAppProps {
  initial: WizardState;
  services: WizardServices;
  color: boolean;
  /** Called once when the user quits (q, Ctrl-C); the command layer waits for saves and exits. */
  onQuit(reason: 'quit' | 'interrupt', assessment: Assessment): void;
  /** Raw-mode input is available (false in some test harnesses and pipes). */
  interactive?: boolean;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const CARET_OPS: Partial<Record<Command, EditOp>> = {
  'caret-left': 'left',
  'caret-right': 'right',
  'line-start': 'home',
  'line-end': 'end',
  'kill-line-start': 'kill-start',
  'kill-word': 'kill-word',
};

/** Global keys and typing keys: the App's own handlers, dispatch only. */
function useAppKeys(dispatch: WizardDispatch, clock: () => Date) {
  useKeyHandler('global', (c) => {
    switch (c) {
      case 'help':
        return dispatch({ type: 'toggle-help' });
      case 'back':
        return dispatch({ type: 'back' });
      case 'sections':
      case 'review':
      case 'preview':
      case 'export':
      case 'search':
        return dispatch({ type: 'navigate', screen: c });
      case 'assessor':
        return dispatch({ type: 'open-form', kind: 'assessor', now: clock() });
      case 'quit':
        return dispatch({ type: 'quit', reason: 'quit' });
      case 'interrupt':
        return dispatch({ type: 'quit', reason: 'interrupt' });
    }
  });
  useKeyHandler('notice', (c) => {
    if (c === 'dismiss') dispatch({ type: 'dismiss-notice' });
    else if (c === 'interrupt') dispatch({ type: 'quit', reason: 'interrupt' });
  });
  useKeyHandler('help', (c) => {
    if (c === 'help') dispatch({ type: 'toggle-help' });
    else if (c === 'up') dispatch({ type: 'help-scroll', delta: -1 });
    else if (c === 'down') dispatch({ type: 'help-scroll', delta: 1 });
    else if (c === 'quit') dispatch({ type: 'quit', reason: 'quit' });
  });
  useKeyHandler('text', (c) => {
    if (typeof c !== 'string') return dispatch({ type: 'form-input', text: c.insert });
    const op = CARET_OPS[c];
    if (op) return dispatch({ type: 'form-edit', op });
    switch (c) {
      case 'submit':
        return dispatch({ type: 'form-submit', now: clock() });
      case 'cancel':
        return dispatch({ type: 'form-cancel' });
      case 'next-field':
        return dispatch({ type: 'form-focus', delta: 1 });
      case 'prev-field':
        return dispatch({ type: 'form-focus', delta: -1 });
      case 'delete-char':
        return dispatch({ type: 'form-backspace' });
      case 'up':
        return dispatch({ type: 'move', delta: -1 });
      case 'down':
        return dispatch({ type: 'move', delta: 1 });
      case 'interrupt':
        return dispatch({ type: 'quit', reason: 'interrupt' });
    }
  });
}

/** Side effects after actions: autosave, the scan, the preview, the export, quitting. None of them decide anything. */
function useEffects(state: WizardState, dispatch: WizardDispatch, services: WizardServices, color: boolean, onQuit: WizardAppProps['onQuit']) {
  const saved = useRef(state.assessment);
  useEffect(() => {
    if (state.assessment === saved.current) return;
    saved.current = state.assessment;
    dispatch({ type: 'save-started' });
    services.save(state.assessment, state.assessor).then(
      () => dispatch({ type: 'save-done' }),
      (error: unknown) => dispatch({ type: 'save-failed', message: errorText(error) }),
    );
  }, [state.assessment, state.assessor, services, dispatch]);

  useEffect(() => {
    let live = true;
    services.scan((progress) => live && dispatch({ type: 'scan-progress', progress })).then(
      (result) => live && dispatch({ type: 'scan-done', result, now: services.now() }),
      (error: unknown) => live && dispatch({ type: 'scan-failed', message: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [services, dispatch]);

  const markdown = useRef<string | null>(null);
  const width = bodyWidth(state.size);
  useEffect(() => {
    if (state.screen !== 'preview' || state.preview.status !== 'loading') return;
    let live = true;
    // marked-terminal (and the highlighter it brings) loads only when a preview is asked for.
    Promise.all([services.renderDossier(state.assessment, state.scan.result), import('./markdown.js')]).then(
      ([md, { renderMarkdownLines }]) => {
        markdown.current = md;
        if (live) dispatch({ type: 'preview-ready', lines: renderMarkdownLines(md, width, color) });
      },
      (error: unknown) => live && dispatch({ type: 'preview-failed', message: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [state.screen, state.preview.status, state.assessment, state.scan.result, services, dispatch, width, color]);
  // A resize re-wraps the dossier already rendered.
  useEffect(() => {
    const md = markdown.current;
    if (state.screen === 'preview' && state.preview.status === 'ready' && md !== null) {
      void import('./markdown.js').then(({ renderMarkdownLines }) => dispatch({ type: 'preview-ready', lines: renderMarkdownLines(md, width, color) }));
    }
  }, [width]); // only the width matters here

  useEffect(() => {
    if (state.screen !== 'export' || state.exported.status !== 'writing') return;
    services.exportDossier(state.assessment, state.scan.result).then(
      (paths) => dispatch({ type: 'export-done', paths }),
      (error: unknown) => dispatch({ type: 'export-failed', message: errorText(error) }),
    );
  }, [state.screen, state.exported.status, state.assessment, state.scan.result, services, dispatch]);

  const quitted = useRef(false);
  useEffect(() => {
    if (state.quit && !quitted.current) {
      quitted.current = true;
      onQuit(state.quit, state.assessment);
    }
  }, [state.quit, state.assessment, onQuit]);
}

function useTerminalSize(dispatch: WizardDispatch) {
  const { stdout } = useStdout();
  useEffect(() => {
    const onResize = () => dispatch({ type: 'resize', columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, dispatch]);
}

function Screen(props: ScreenProps & { dispatch: WizardDispatch; clock: () => Date }) {
  const { dispatch, clock, ...view } = props;
  // Each screen's key hook is always mounted; its handler runs only when the provider resolves a key for that screen.
  useScopeKeys(dispatch, clock);
  useScanKeys(dispatch, clock);
  useSectionsKeys(dispatch, clock);
  useQuestionKeys(dispatch, clock);
  useReviewKeys(dispatch, clock);
  usePreviewKeys(dispatch, clock);
  useExportKeys(dispatch, clock);
  switch (view.state.screen) {
    case 'scope':
      return <ScopeView {...view} />;
    case 'scan':
      return <ScanView {...view} />;
    case 'sections':
      return <SectionsView {...view} />;
    case 'question':
      return <QuestionView {...view} />;
    case 'review':
      return <ReviewView {...view} />;
    case 'search':
      return <SearchView {...view} />;
    case 'preview':
      return <PreviewView {...view} />;
    case 'export':
      return <ExportView {...view} />;
  }
}

export function WizardApp({ initial, services, color, onQuit, interactive = true }: WizardAppProps) {
  const [state, dispatch] = useReducer(reduce, initial);
  const clock = useCallback(() => services.now(), [services]);
  useTerminalSize(dispatch);
  useEffects(state, dispatch, services, color, onQuit);
  const mode: KeyMode = { screen: state.screen, typing: state.form !== null || state.screen === 'search', helpOpen: state.help.open, noticeOpen: state.notice !== null };
  const now = services.now();
  const height = bodyHeight(state.size);
  const width = bodyWidth(state.size);
  return (
    <ThemeContext.Provider value={{ color, width }}>
      <KeyProvider mode={mode} isActive={interactive}>
        <Inner state={state} dispatch={dispatch} clock={clock} now={now} width={width} height={height} mode={mode} />
      </KeyProvider>
    </ThemeContext.Provider>
  );
}

function Inner({ state, dispatch, clock, now, width, height, mode }: ScreenProps & { dispatch: WizardDispatch; clock: () => Date; mode: KeyMode }) {
  useAppKeys(dispatch, clock);
  return (
    <Box flexDirection="column" width={width}>
      <Header state={state} now={now} />
      <Box height={height} flexDirection="column">
        {state.help.open ? (
          <HelpOverlay state={state} height={height} />
        ) : state.form && state.screen !== 'question' ? (
          // The question screen shows its form under the question; elsewhere (the assessor switch) the form is the body.
          <Lines lines={FormLines(state.form, width)} height={height} />
        ) : (
          <Screen state={state} dispatch={dispatch} clock={clock} now={now} width={width} height={height} />
        )}
      </Box>
      <MessageLine state={state} />
      <Footer mode={mode} />
    </Box>
  );
}
