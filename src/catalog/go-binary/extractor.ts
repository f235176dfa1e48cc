// Streams executables looking for Go build info; keeps only the header's strings (or a Go < 1.18 binary's modinfo).
import type { Extractor, ExtractorSink } from '../types.js';
import { executableFormat } from './executable.js';
import {
  BUILDINFO_ALIGN,
  BUILDINFO_HEADER_SIZE,
  BUILDINFO_MAGIC,
  type HeaderInspection,
  inspectHeader,
  MAX_MODINFO_BYTES,
  MODINFO_END,
  MODINFO_START,
  unwrapModinfo,
} from './parse-buildinfo.js';

export const GO_BUILDINFO_EXTRACTOR_ID = 'go-buildinfo';

/** What the extractor keeps from one binary (JSON in the extracted Buffer). */
export type ExtractedBuildInfo =
  | { format: 'inline'; goVersion: string; modinfo: string }
  /** Go 1.13–1.17: modinfo found by its sentinels (absent if not found); the Go version is not read. */
  | { format: 'pointer'; modinfo?: string }
  | { format: 'invalid'; reason: string };

/**
 * The magic also appears as a literal in programs that read build info (the go command, govulncheck); those
 * headers fail validation and the real one comes later, so several candidates are tried, but not without end.
 */
const MAX_CANDIDATES = 16;
/** Candidates collected at the same time; each may claim up to MAX_MODINFO_BYTES, so this bounds memory too. */
const MAX_ACTIVE = 4;
/** Bytes kept from the end of one chunk so a magic or sentinel split across two chunks is still found. */
const CARRY = Math.max(BUILDINFO_MAGIC.length, MODINFO_START.length) - 1;

export const goBuildInfoExtractor: Extractor = {
  id: GO_BUILDINFO_EXTRACTOR_ID,
  accepts: (_path, _size, _mode, head) => executableFormat(head) !== undefined,
  open: () => openBuildInfoSink(),
  // Every Go toolchain since 1.13 writes the build info (inline or pointers) into this section.
  elfSections: ['.go.buildinfo'],
};

interface Capture {
  /** File offset of the first byte captured. */
  start: number;
  parts: Buffer[];
  have: number;
  /** Bytes wanted in all, from `start`. */
  want: number;
}

/**
 * One pass over the file, searching each chunk (and the seam with the few bytes carried from the one before)
 * for the magic at a 16-byte-aligned offset, then collecting exactly the bytes the header's lengths announce.
 * Memory stays within the budgets (MAX_ACTIVE candidates of at most MAX_MODINFO_BYTES, and one sentinel-wrapped
 * modinfo of the same size) whatever the file size.
 *
 * Go 1.13–1.17 headers hold two addresses instead of the strings: the version string lives in .rodata, which
 * precedes .go.buildinfo in the file, so one forward pass cannot follow them without keeping the whole file.
 * Their modinfo, though, carries 16-byte sentinels, so it is captured on sight (the first copy, bounded) and
 * used when the header turns out to be the pointer kind; only the Go version is then missing.
 */
export function openBuildInfoSink(): ExtractorSink {
  let pos = 0;
  let tail: Buffer = Buffer.alloc(0);
  let captures: Capture[] = [];
  let candidates = 0;
  let inline: { goVersion: string; modinfo: string } | undefined;
  let pointer = false;
  let firstInvalid: string | undefined;
  let modinfoCapture: Capture | undefined;
  let modinfo: string | undefined;
  let modinfoGaveUp = false;

  const settle = (c: Capture, r: HeaderInspection): boolean => {
    switch (r.status) {
      case 'need':
        c.want = r.bytes;
        return false;
      case 'inline':
        inline = { goVersion: r.goVersion, modinfo: r.modinfo };
        return true;
      case 'pointer':
        pointer = true;
        return true;
      case 'invalid':
        firstInvalid ??= `build info at offset ${c.start}: ${r.reason}`;
        return true;
    }
  };

  /** Copies what `c` still wants from `view` and inspects it once complete; true when `c` is finished. */
  const advance = (c: Capture, view: Buffer, viewStart: number): boolean => {
    for (;;) {
      const from = c.start + c.have - viewStart;
      const take = Math.min(c.want - c.have, view.length - from);
      if (take > 0) {
        c.parts.push(Buffer.from(view.subarray(from, from + take)));
        c.have += take;
      }
      if (c.have < c.want) return false;
      const buf = c.parts.length === 1 ? c.parts[0]! : Buffer.concat(c.parts);
      c.parts = [buf];
      if (settle(c, inspectHeader(buf, false))) return true;
    }
  };

  /** The sentinel-wrapped modinfo: grows until the end sentinel shows up, within MAX_MODINFO_BYTES. */
  const advanceModinfo = (c: Capture, view: Buffer, viewStart: number): void => {
    const from = c.start + c.have - viewStart;
    const chunk = view.subarray(from, from + MAX_MODINFO_BYTES + MODINFO_END.length - c.have);
    const prev = c.parts.at(-1);
    const overlap = prev
      ? prev.subarray(Math.max(0, prev.length - (MODINFO_END.length - 1)))
      : Buffer.alloc(0);
    const at = Buffer.concat([overlap, chunk]).indexOf(MODINFO_END);
    if (at >= 0) {
      const keep = at - overlap.length + MODINFO_END.length;
      c.parts.push(Buffer.from(chunk.subarray(0, keep)));
      modinfo = unwrapModinfo(Buffer.concat(c.parts)) || undefined;
      modinfoCapture = undefined;
      return;
    }
    c.parts.push(Buffer.from(chunk));
    c.have += chunk.length;
    if (c.have >= MAX_MODINFO_BYTES + MODINFO_END.length) {
      modinfoCapture = undefined;
      modinfoGaveUp = true;
    }
  };

  return {
    write(chunk) {
      const base = pos;
      pos += chunk.length;
      if (inline) return;
      captures = captures.filter((c) => !advance(c, chunk, base));
      if (modinfoCapture) advanceModinfo(modinfoCapture, chunk, base);
      // Matches that start in the carried bytes are searched in a small seam, so chunks are never copied whole.
      const seam = Buffer.concat([tail, chunk.subarray(0, CARRY)]);
      const seamStart = base - tail.length;
      const startsInTail = (i: number) => i >= 0 && i < tail.length;

      const magicAt = (view: Buffer, viewStart: number, i: number) => {
        if ((viewStart + i) % BUILDINFO_ALIGN !== 0 || captures.length >= MAX_ACTIVE) return;
        if (candidates++ >= MAX_CANDIDATES) return;
        const c: Capture = { start: viewStart + i, parts: [], have: 0, want: BUILDINFO_HEADER_SIZE };
        if (view !== chunk && advance(c, view, viewStart)) return;
        if (!advance(c, chunk, base)) captures.push(c);
      };
      for (
        let i = seam.indexOf(BUILDINFO_MAGIC);
        startsInTail(i) && !inline;
        i = seam.indexOf(BUILDINFO_MAGIC, i + 1)
      )
        // one wholly inside the carried bytes was found with the previous chunk
        if (i + BUILDINFO_MAGIC.length > tail.length) magicAt(seam, seamStart, i);
      for (
        let i = chunk.indexOf(BUILDINFO_MAGIC);
        i >= 0 && !inline;
        i = chunk.indexOf(BUILDINFO_MAGIC, i + 1)
      )
        magicAt(chunk, base, i);
      if (inline) captures = [];

      if (!inline && !modinfo && !modinfoCapture && !modinfoGaveUp) {
        const j = seam.indexOf(MODINFO_START);
        const i = startsInTail(j) ? -1 : chunk.indexOf(MODINFO_START);
        if (startsInTail(j) || i >= 0) {
          modinfoCapture = { start: startsInTail(j) ? seamStart + j : base + i, parts: [], have: 0, want: 0 };
          if (startsInTail(j)) advanceModinfo(modinfoCapture, seam, seamStart);
          if (modinfoCapture) advanceModinfo(modinfoCapture, chunk, base);
        }
      }
      tail =
        chunk.length >= CARRY
          ? Buffer.from(chunk.subarray(chunk.length - CARRY))
          : Buffer.from(seam.subarray(Math.max(0, seam.length - CARRY)));
    },
    end() {
      for (const c of captures) {
        if (inline) break;
        settle(c, inspectHeader(c.parts.length === 1 ? c.parts[0]! : Buffer.concat(c.parts), true));
      }
      captures = [];
      let out: ExtractedBuildInfo | undefined;
      if (inline) out = { format: 'inline', ...inline };
      else if (pointer) out = modinfo === undefined ? { format: 'pointer' } : { format: 'pointer', modinfo };
      else if (firstInvalid) out = { format: 'invalid', reason: firstInvalid };
      return out && Buffer.from(JSON.stringify(out), 'utf8');
    },
  };
}
