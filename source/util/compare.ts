/**
 * String order by UTF-16 code units: the same on every machine, whatever the
 * locale (localeCompare is neither stable across ICU versions nor cheap to start).
 * Files, ids and JSON keys are sorted with it so output is byte-identical.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Natural order without a locale: runs of digits compare as numbers ("CC6.9"
 * before "CC6.10", "164.312(a)(1)" before "164.312(b)"), everything else by
 * code units, so control ids sort the same on every machine.
 */
export function byNaturalOrder(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length;
    }
    return byCodeUnits(x, y);
  }
  return pa.length - pb.length;
}
