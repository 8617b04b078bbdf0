/**
 * Work done once per file, shared by every detector that reads it. The engine
 * hands each selected detector the same text, one after the other; a dozen usage
 * detectors each masking, splitting and extracting imports again made every file
 * cost a dozen passes. Views are computed on first request and kept for the last
 * file only (one file's worth per thread, dropped when the next text comes), so
 * nothing is computed for a file no detector asks about. Callers must not modify
 * what they get.
 */
let lastText: string | null = null;
const views = new Map<string, unknown>();

export function viewOf<T>(text: string, key: string, make: () => T): T {
  if (text !== lastText) {
    lastText = text;
    views.clear();
  }
  let v = views.get(key) as T | undefined;
  if (v === undefined) views.set(key, (v = make()));
  return v;
}
