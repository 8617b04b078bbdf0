/**
 * Shannon entropy in bits per character. Random keys score high (base64 ≈ 5–6,
 * hex ≈ 4); words, identifiers and repeated characters score low, which is what
 * lets the generic assignment rule tell `api_key = "k8Fq…"` from `api_key = "apikey"`.
 */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let bits = 0;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lower-case letters, upper-case letters, digits and symbols appear. */
export function characterClasses(value: string): number {
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  if (/[^A-Za-z0-9]/.test(value)) classes++;
  return classes;
}
