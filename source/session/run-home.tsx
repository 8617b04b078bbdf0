import { render } from 'ink';
import { HomeApp, type HomeAppProps } from '../ui/home/home-app.js';
import type { HomeResult } from '../ui/home/home-state.js';
import type { WizardRuntime } from './run-wizard.js';

/** Show the home screen until the user chooses; resolves with the choice. */
export async function showHome(props: Omit<HomeAppProps, 'onDone'>, runtime: WizardRuntime = {}): Promise<HomeResult> {
  let result: HomeResult = { kind: 'quit' };
  const instance = render(
    <HomeApp
      {...props}
      onDone={(r) => {
        result = r;
        instance.unmount();
      }}
    />,
    { stdout: runtime.stdout ?? process.stdout, ...(runtime.stdin && { stdin: runtime.stdin }), exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit();
  return result;
}
