// Ordering helpers shared by the version schemes: digit strings of any length, code units, and a natural order.

/** -1, 0 or 1 with the sign of `n`. */
export function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAllDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

/** Code-unit order (what C's strcmp does on ASCII), as -1/0/1. */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Two runs of ASCII digits by numeric value, whatever their length: versions carry numbers past 2^53 (dates with
 * times, commit counters), which a float would round and a parseInt would mangle.
 */
export function compareDigits(a: string, b: string): -1 | 0 | 1 {
  let i = 0;
  let j = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The index just past the run of ASCII digits that starts at `i`. */
export function digitRunEnd(s: string, i: number): number {
  while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
  return i;
}

/**
 * A natural order for strings that fit no scheme: runs of digits compare by value, other runs by code units, a
 * digit run sorts after a text run, and a string that runs out first is smaller. Ties (`01` against `1`) fall back
 * to plain code-unit order, so distinct strings never compare equal.
 */
export function compareNatural(a: string, b: string): -1 | 0 | 1 {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const da = isDigitCode(a.charCodeAt(i));
    const db = isDigitCode(b.charCodeAt(j));
    if (da !== db) return da ? 1 : -1;
    let ei = i;
    let ej = j;
    if (da) {
      ei = digitRunEnd(a, i);
      ej = digitRunEnd(b, j);
    } else {
      while (ei < a.length && !isDigitCode(a.charCodeAt(ei))) ei++;
      while (ej < b.length && !isDigitCode(b.charCodeAt(ej))) ej++;
    }
    const sa = a.slice(i, ei);
    const sb = b.slice(j, ej);
    const r = da ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (r !== 0) return r;
    i = ei;
    j = ej;
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return compareStrings(a, b);
}

/**
 * The order every grammar-based scheme uses: strings that are not versions first (by `compareNatural`), then
 * versions by the scheme's own comparison of their parsed keys.
 */
export function compareParsed<K>(
  a: string,
  b: string,
  parse: (v: string) => K | undefined,
  compareKeys: (x: K, y: K) => number,
): number {
  const ka = parse(a);
  const kb = parse(b);
  if (ka === undefined || kb === undefined) {
    if (ka !== undefined) return 1;
    if (kb !== undefined) return -1;
    return compareNatural(a, b);
  }
  return sign(compareKeys(ka, kb));
}
