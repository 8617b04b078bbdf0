import { useInput } from 'ink';
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { resolveKey, type Command, type KeyContext, type KeyMode } from './bindings.js';

/**
 * The single keyboard entry point. It owns the only useInput of the wizard,
 * resolves each press through bindings.ts and hands the command name to the
 * handler registered for that context. Handlers only dispatch reducer actions,
 * so they never read stale state (the reducer sees the current one).
 */

export type KeyHandler = (command: Command | { insert: string }) => void;

type Registry = Map<KeyContext, KeyHandler>;
const RegistryContext = createContext<Registry | null>(null);

export function KeyProvider({ mode, isActive, children }: { mode: KeyMode; isActive: boolean; children: ReactNode }) {
  const registry = useRef<Registry>(new Map());
  const modeRef = useRef(mode);
  modeRef.current = mode;
  useInput(
    (input, key) => {
      // Fast repeats (a held Backspace, a key-sending script) can arrive as one chunk
      // of DEL/BS bytes: each is its own key press, never text.
      if (input.length > 1 && /^[\u007f\b]+$/.test(input)) {
        for (let i = 0; i < input.length; i++) {
          const one = resolveKey(modeRef.current, '\u007f', { ...key, delete: true });
          if (one) registry.current.get(one.context)?.('insert' in one ? { insert: one.insert } : one.command);
        }
        return;
      }
      const resolved = resolveKey(modeRef.current, input, key);
      if (!resolved) return;
      const handler = registry.current.get(resolved.context);
      handler?.('insert' in resolved ? { insert: resolved.insert } : resolved.command);
    },
    { isActive },
  );
  return <RegistryContext.Provider value={registry.current}>{children}</RegistryContext.Provider>;
}

/** Register what a context does with its commands; the latest handler wins. */
export function useKeyHandler(context: KeyContext, handler: KeyHandler): void {
  const registry = useContext(RegistryContext);
  const ref = useRef(handler);
  ref.current = handler;
  const stable = useRef<KeyHandler>((c) => ref.current(c)).current;
  // Registered during render, not in an effect, so a key pressed right after a screen change finds its handler.
  registry?.set(context, stable);
  useEffect(
    () => () => {
      if (registry?.get(context) === stable) registry.delete(context);
    },
    [registry, context, stable],
  );
}
