/**
 * String order by UTF-16 code units: the same on every machine, whatever the
 * locale (localeCompare is neither stable across ICU versions nor cheap to start).
 * Files, ids and JSON keys are sorted with it so output is byte-identical.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
