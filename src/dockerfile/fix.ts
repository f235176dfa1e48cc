// Applies text edits: sorted, overlapping edits skipped, repeated by the caller until stable.
import type { Edit } from './rule.js';

export interface AppliedEdits {
  text: string;
  applied: number;
  skipped: number;
}

export function applyEdits(text: string, edits: readonly Edit[]): AppliedEdits {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Edit[] = [];
  let skipped = 0;
  let lastEnd = -1;
  for (const e of sorted) {
    if (e.start < 0 || e.end > text.length || e.end < e.start) {
      skipped++;
      continue;
    }
    // Two inserts at one point, or an edit starting inside the previous one, would conflict.
    if (e.start < lastEnd || (kept.length > 0 && e.start === lastEnd && e.start === kept.at(-1)!.start)) {
      skipped++;
      continue;
    }
    kept.push(e);
    lastEnd = e.end;
  }
  let out = '';
  let pos = 0;
  for (const e of kept) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += text.slice(pos);
  return { text: out, applied: kept.length, skipped };
}
