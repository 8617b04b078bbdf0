import { useInput } from 'ink';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
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

export function useKeyRouter<A>(props: KeyRouterProps<A>): void {
  const latest = useRef(props);
  // Read by the input handler, which runs between renders; updated once a render is committed.
  useLayoutEffect(() => {
    latest.current = props;
  });
  const queue = useRef<Part[]>([]);
  const timer = useRef<NodeJS.Immediate | null>(null);

  const step = useCallback((part: Part) => {
    const { table, mode, commandAction, dispatch, clock } = latest.current;
    const resolved = resolveKey(table, mode, part.input, part.key);
    if (!resolved) return;
    const action = commandAction({ context: resolved.context, screen: mode.screen }, 'insert' in resolved ? { insert: resolved.insert } : resolved.command, clock());
    if (action !== null) dispatch(action);
  }, []);

  // The rest of a chunk, one key per turn of the event loop: each is resolved in the
  // mode the previous one left (an Enter that closes a form ends the text entry).
  const drain = useCallback(() => {
    timer.current = null;
    const next = queue.current.shift();
    if (!next) return;
    const { table, mode } = latest.current;
    if (!textEntry(table, mode)) {
      // Text entry ended mid-chunk (the form was saved): what followed was typed for it, not commands.
      queue.current = [];
      return;
    }
    step(next);
    if (queue.current.length > 0) timer.current = setImmediate(drain);
  }, [step]);

  const onInput = useCallback(
    (input: string, key: KeyEvent) => {
      const parts = splitChunk(input, key);
      if (queue.current.length > 0) {
        queue.current.push(...parts);
        return;
      }
      if (parts.length === 1) return step(parts[0]!);
      const { table, mode } = latest.current;
      if (!textEntry(table, mode)) {
        // On a command screen a chunk of several keys is a burst of Backspaces (each one
        // counts) or a paste, whose letters and newlines must not run as commands.
        if (parts.every((p) => p.key.delete || p.key.backspace)) for (const p of parts) step(p);
        return;
      }
      step(parts[0]!);
      queue.current = parts.slice(1);
      timer.current = setImmediate(drain);
    },
    [step, drain],
  );

  useEffect(
    () => () => {
      if (timer.current) clearImmediate(timer.current);
    },
    [],
  );
  useInput(onInput, { isActive: props.isActive });
}
