import { useInput } from 'ink';
import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { splitChunk, type Input, type KeyEvent } from './keys.js';
import { resolveKey, type KeyContext, type KeyMode, type KeyTable } from './table.js';

/**
 * The single keyboard entry point of an app: the only useInput it mounts. Each
 * key goes key → command (resolveKey over the app's table) → action (the app's
 * pure commandAction) → dispatch. Nothing is registered and nothing runs for a
 * screen that is not shown; the reducer sees the current state, so no handler
 * reads a stale one.
 */

export interface KeyRouterProps<A> {
  table: KeyTable;
  mode: KeyMode;
  isActive: boolean;
  commandAction(context: { context: KeyContext; screen: string }, input: Input, now: Date): A | null;
  dispatch(action: A): void;
  clock(): Date;
}

type Part = { input: string; key: KeyEvent };

function textEntry(table: KeyTable, mode: KeyMode): boolean {
  return !mode.notice && !mode.help && (mode.form || table.screen(mode.screen).typing === true);
}

/**
 * The router's working parts, outside React: the latest props (set after each
 * commit) and the keys of a chunk still waiting for their turn.
 */
function createRouter<A>(initial: KeyRouterProps<A>) {
  let latest = initial;
  let queue: Part[] = [];
  let timer: NodeJS.Immediate | null = null;

  const step = (part: Part) => {
    const { table, mode, commandAction, dispatch, clock } = latest;
    const resolved = resolveKey(table, mode, part.input, part.key);
    if (!resolved) return;
    const action = commandAction(
      { context: resolved.context, screen: mode.screen },
      'insert' in resolved ? { insert: resolved.insert } : resolved.command,
      clock(),
    );
    if (action !== null) dispatch(action);
  };

  // The rest of a chunk, one key per turn of the event loop: each is resolved in the
  // mode the previous one left. Text typed into a field stops being sent once the
  // field is gone (an Enter saved the form): what followed was meant as text, not commands.
  let typedText = false;
  const drain = () => {
    timer = null;
    const next = queue.shift();
    if (!next) return;
    if (typedText && !textEntry(latest.table, latest.mode)) {
      queue = [];
      return;
    }
    step(next);
    if (queue.length > 0) timer = setImmediate(drain);
  };

  return {
    update(props: KeyRouterProps<A>) {
      latest = props;
    },
    onInput(input: string, key: KeyEvent) {
      const parts = splitChunk(input, key);
      if (queue.length > 0) {
        queue.push(...parts);
        return;
      }
      if (parts.length === 1) return step(parts[0]!);
      typedText = textEntry(latest.table, latest.mode);
      // On a command screen, keys typed faster than they were read (or before the first
      // frame took the keyboard) arrive together: one key each, they run in order. A run of
      // text among them is a paste, and a paste runs no commands.
      if (!typedText && parts.some((p) => [...p.input].length > 1)) return;
      step(parts[0]!);
      queue = parts.slice(1);
      timer = setImmediate(drain);
    },
    dispose() {
      if (timer) clearImmediate(timer);
      queue = [];
    },
  };
}

export function useKeyRouter<A>(props: KeyRouterProps<A>): void {
  const [router] = useState(() => createRouter(props));
  // Read by the input handler, which runs between renders; updated once a render is committed.
  useLayoutEffect(() => {
    router.update(props);
  });
  useEffect(() => () => router.dispose(), [router]);
  const onInput = useCallback((input: string, key: KeyEvent) => router.onInput(input, key), [router]);
  useInput(onInput, { isActive: props.isActive });
}
