// Streams executables for `cargo auditable` data: zlib-compressed JSON in a `.dep-v0` section, inflated under a cap.

import { elfReader } from '../elf-sections.js';
import { executableFormat } from '../go-binary/executable.js';
import type { Extractor, ExtractorSink } from '../types.js';
import { inflateAudit, looksLikeAuditJson, mayStartAuditStream, PROBE_BYTES } from './zlib-probe.js';

export { MAX_AUDIT_JSON_BYTES } from './zlib-probe.js';

export const CARGO_AUDITABLE_EXTRACTOR_ID = 'cargo-auditable';

/** What the extractor keeps from one binary (JSON in the extracted Buffer). */
export type ExtractedAuditData = { format: 'json'; json: string } | { format: 'invalid'; reason: string };

/** Compressed data is smaller than what it inflates to; the JSON's cap bounds what is collected too. */
export const MAX_AUDIT_COMPRESSED_BYTES = 8 * 1024 * 1024;
/**
 * Program headers, Mach-O load commands and PE section tables take a few KiB (tens for big Mach-O apps); bigger
 * ones are not read. A universal binary has at most 44 slices, so this bounds their headers' memory too.
 */
const MAX_HEADER_BYTES = 256 * 1024;
/** The start of the file is kept, so headers that point back into it (Mach-O load commands) can be read. */
const PREFIX_BYTES = 4096;
/**
 * Candidates that pass the bit checks cost an inflate call each; natural data has about one per 64 KiB, so the
 * budget covers some 256 MiB of non-loaded ELF data, and a file built to be full of them costs a bounded time.
 */
export const MAX_PROBES = 4096;
const SECTION = '.dep-v0';

export const cargoAuditableExtractor: Extractor = {
  id: CARGO_AUDITABLE_EXTRACTOR_ID,
  accepts: (_path, _size, _mode, head) => executableFormat(head) !== undefined,
  open: (_path, size) => openAuditSink(size),
  elfSections: [SECTION],
};

interface Want {
  start: number;
  length: number;
  parts: Buffer[];
  have: number;
  done: (buf: Buffer) => void;
  /** Named when losing the bytes is worth reporting (the section itself); headers of odd files are not. */
  what?: string;
}

/**
 * Finds the section in one forward pass:
 * - Mach-O and PE name their sections in headers at the start of the file: the sink reads those, then collects
 *   exactly the `.dep-v0` bytes they point at.
 * - ELF names its sections in a table at the end of the file (e_shoff), after their data, and how much lies
 *   between `.dep-v0` and that table (symbols; or, in a rustc build linked by GNU ld here, 3.7 MB of debug
 *   info before the section and 90 KB of symbols after it) depends on the linker, so no tail window can be sized. Instead the data is recognised by content: since
 *   cargo-auditable marks the section non-allocated, it lies after every PT_LOAD segment, and there each zlib
 *   stream start is checked (cheaply, then by inflating 1 KiB) for the opening of the audit JSON object; the
 *   stream that passes is collected until it inflates whole.
 *   Limitations: the section's name is not checked, so audit data stored raw among another ELF file's
 *   non-loaded bytes would be taken for the file's own; a zlib stream without the 32 KiB window header (0x78,
 *   which cargo-auditable's compressor always writes) is missed; and after MAX_PROBES inflated candidates the
 *   search stops, reported as an unknown.
 * Memory: the 4 KiB prefix, headers up to 256 KiB each, a 1 KiB probe window, the compressed data up to its cap.
 */
export function openAuditSink(size: number = Number.POSITIVE_INFINITY): ExtractorSink {
  let pos = 0;
  let prefix = Buffer.alloc(0);
  let wants: Want[] = [];
  let result: ExtractedAuditData | undefined;
  /** ELF: where the search for the stream goes on, and the bytes from there kept for the probe's lookahead. */
  let scan: { next: number; pending: Buffer; probes: number } | undefined;
  /** ELF: the stream the search found, collected until it inflates whole. */
  let stream: { parts: Buffer[]; have: number; checkAt: number } | undefined;

  const fail = (reason: string) => {
    result ??= { format: 'invalid', reason };
  };
  const settle = (data: Buffer, final: boolean): boolean => {
    const r = inflateAudit(data, final);
    if (r.ok === 'more') return false;
    result ??= r.ok ? { format: 'json', json: r.json } : { format: 'invalid', reason: r.reason };
    return true;
  };

  /** Asks for `length` bytes at `start`, served from the prefix if already passed, else as the file streams by. */
  const want = (start: number, length: number, done: (buf: Buffer) => void, what?: string) => {
    if (!Number.isSafeInteger(start) || start < 0 || !(start + length <= size)) {
      if (what) fail(`${what} (offset ${start}, ${length} bytes) lies outside the file`);
      return;
    }
    if (length === 0) return;
    const w: Want = { start, length, parts: [], have: 0, done, ...(what ? { what } : {}) };
    if (start < prefix.length) {
      const take = Math.min(length, prefix.length - start);
      w.parts.push(Buffer.from(prefix.subarray(start, start + take)));
      w.have = take;
      if (w.have === length) return done(w.parts[0]!);
    }
    wants.push(w);
  };

  const onHead = (head: Buffer) => {
    switch (executableFormat(head)) {
      case 'elf':
        return readElf(head);
      case 'macho':
        return readMachO(head, 0);
      case 'macho-fat':
        return readFat(head);
      case 'pe': {
        const nt = head.readUInt32LE(0x3c);
        return want(nt, 24, (b) => readPe(b, nt));
      }
    }
  };

  const readElf = (h: Buffer) => {
    const { wide: is64, u16, u32, word } = elfReader(h);
    const phoff = word(h, is64 ? 32 : 28);
    const phentsize = u16(h, is64 ? 54 : 42);
    const phnum = u16(h, is64 ? 56 : 44);
    const phsize = phentsize * phnum;
    const startScan = (from: number) => {
      scan = { next: Math.max(from, h.length), pending: Buffer.alloc(0), probes: 0 };
    };
    // Without readable program headers, the whole file is searched.
    if (phnum === 0 || phentsize < (is64 ? 40 : 20) || phsize > MAX_HEADER_BYTES || !(phoff + phsize <= size))
      return startScan(0);
    want(phoff, phsize, (ph) => {
      let end = 0;
      for (let o = 0; o < phsize; o += phentsize) {
        if (u32(ph, o) !== 1) continue; // PT_LOAD
        end = Math.max(end, word(ph, o + (is64 ? 8 : 4)) + word(ph, o + (is64 ? 32 : 16)));
      }
      startScan(end);
    });
  };

  const readMachO = (h: Buffer, base: number) => {
    const magic = h.readUInt32BE(0);
    const le = magic === 0xcefaedfe || magic === 0xcffaedfe;
    const is64 = magic === 0xfeedfacf || magic === 0xcffaedfe;
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
    const ncmds = u32(h, 16);
    const sizeofcmds = u32(h, 20);
    if (sizeofcmds > MAX_HEADER_BYTES) return;
    want(base + (is64 ? 32 : 28), sizeofcmds, (cmds) => {
      for (let i = 0, o = 0; i < ncmds && o + 8 <= cmds.length; i++) {
        const cmd = u32(cmds, o);
        const cmdsize = u32(cmds, o + 4);
        if (cmdsize < 8 || o + cmdsize > cmds.length) return;
        // LC_SEGMENT (0x1) and LC_SEGMENT_64 (0x19): the segment command, then its section headers.
        if (cmd === 0x1 || cmd === 0x19) {
          const seg64 = cmd === 0x19;
          const nsects = u32(cmds, o + (seg64 ? 64 : 48));
          const sectSize = seg64 ? 80 : 68;
          for (let s = 0; s < nsects; s++) {
            const so = o + (seg64 ? 72 : 56) + s * sectSize;
            if (so + sectSize > o + cmdsize) break;
            if (cString(cmds.subarray(so, so + 16)) !== SECTION) continue;
            const length = seg64 ? u64(cmds, so + 40) : u32(cmds, so + 36);
            const offset = u32(cmds, so + (seg64 ? 48 : 40));
            return collectSection(base + offset, length);
          }
        }
        o += cmdsize;
      }
    });
  };

  const readFat = (h: Buffer) => {
    const magic = h.readUInt32BE(0);
    const le = magic === 0xbebafeca || magic === 0xbfbafeca;
    const fat64 = magic === 0xcafebabf || magic === 0xbfbafeca;
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const count = u32(h, 4);
    const entry = fat64 ? 32 : 20;
    want(8, count * entry, (archs) => {
      const offsets = new Set<number>();
      for (let o = 0; o < archs.length; o += entry)
        offsets.add(
          fat64
            ? Number(le ? archs.readBigUInt64LE(o + 8) : archs.readBigUInt64BE(o + 8))
            : u32(archs, o + 8),
        );
      for (const offset of offsets)
        want(offset, 32, (sub) => {
          if (executableFormat(sub) === 'macho') readMachO(sub, offset);
        });
    });
  };

  const readPe = (nt: Buffer, ntOffset: number) => {
    if (nt.readUInt32BE(0) !== 0x50450000) return; // "PE\0\0"
    const nsects = nt.readUInt16LE(6);
    if (nsects * 40 > MAX_HEADER_BYTES) return;
    want(ntOffset + 24 + nt.readUInt16LE(20), nsects * 40, (table) => {
      for (let so = 0; so < table.length; so += 40) {
        if (cString(table.subarray(so, so + 8)) !== SECTION) continue;
        const virtualSize = table.readUInt32LE(so + 8);
        const rawSize = table.readUInt32LE(so + 16);
        // Raw data is padded to the file alignment; the virtual size is the section's own length.
        return collectSection(
          table.readUInt32LE(so + 20),
          virtualSize > 0 ? Math.min(virtualSize, rawSize) : rawSize,
        );
      }
    });
  };

  const collectSection = (offset: number, length: number) => {
    if (length > MAX_AUDIT_COMPRESSED_BYTES)
      return fail(
        `the ${SECTION} section is ${length} bytes, over the ${MAX_AUDIT_COMPRESSED_BYTES}-byte limit`,
      );
    want(offset, length, (data) => settle(data, true), `the ${SECTION} section`);
  };

  /** Feeds the wanted ranges from `chunk`, which starts at `base`; ranges asked for meanwhile are served too. */
  const serve = (chunk: Buffer, base: number) => {
    for (let progress = true; progress; ) {
      progress = false;
      for (const w of [...wants]) {
        const from = w.start + w.have - base;
        if (from < 0) {
          wants = wants.filter((x) => x !== w);
          if (w.what) fail(`${w.what} at offset ${w.start} lies before the headers that name it`);
          continue;
        }
        if (from >= chunk.length) continue;
        const take = Math.min(w.length - w.have, chunk.length - from);
        w.parts.push(Buffer.from(chunk.subarray(from, from + take)));
        w.have += take;
        progress = true;
        if (w.have === w.length) {
          wants = wants.filter((x) => x !== w);
          w.done(w.parts.length === 1 ? w.parts[0]! : Buffer.concat(w.parts));
        }
      }
    }
  };

  /** Checks every position from `scan.next` that has PROBE_BYTES after it in this chunk (every one at the end). */
  const search = (chunk: Buffer, base: number, atEnd: boolean) => {
    if (!scan) return;
    const end = base + chunk.length;
    if (scan.next >= end && !atEnd) return;
    const view = scan.pending.length
      ? Buffer.concat([scan.pending, chunk])
      : chunk.subarray(Math.max(0, scan.next - base));
    const viewStart = scan.pending.length ? scan.next : Math.max(scan.next, base);
    const last = atEnd ? end : end - PROBE_BYTES + 1;
    for (let i = view.indexOf(0x78); i >= 0 && viewStart + i < last; i = view.indexOf(0x78, i + 1)) {
      if (!mayStartAuditStream(view, i)) continue;
      if (++scan.probes > MAX_PROBES) {
        scan = undefined;
        return fail(`gave up after ${MAX_PROBES} zlib stream candidates without finding the audit data`);
      }
      if (!looksLikeAuditJson(view.subarray(i, i + PROBE_BYTES))) continue;
      scan = undefined;
      const first = Buffer.from(view.subarray(i));
      stream = { parts: [first], have: first.length, checkAt: 0 };
      return;
    }
    scan.next = Math.max(scan.next, last);
    scan.pending = Buffer.from(view.subarray(Math.max(0, scan.next - viewStart)));
  };

  /** Inflates what was collected, at doubling sizes so the repeated work stays linear in the data. */
  const collect = (atEnd: boolean) => {
    if (!stream || result) return;
    if (!atEnd && stream.have < stream.checkAt && stream.have <= MAX_AUDIT_COMPRESSED_BYTES) return;
    const data = stream.parts.length === 1 ? stream.parts[0]! : Buffer.concat(stream.parts);
    stream.parts = [data];
    if (settle(data, atEnd)) {
      stream = undefined;
    } else if (data.length > MAX_AUDIT_COMPRESSED_BYTES) {
      fail(`audit data is over ${MAX_AUDIT_COMPRESSED_BYTES} compressed bytes (the limit)`);
      stream = undefined;
    } else {
      stream.checkAt = Math.max(2 * data.length, 64 * 1024);
    }
  };

  want(0, 64, onHead);

  return {
    write(chunk) {
      const base = pos;
      pos += chunk.length;
      if (result) return;
      if (stream) {
        const part = Buffer.from(
          chunk.subarray(0, Math.max(0, MAX_AUDIT_COMPRESSED_BYTES + 1 - stream.have)),
        );
        stream.parts.push(part);
        stream.have += part.length;
        return collect(false);
      }
      if (prefix.length < PREFIX_BYTES)
        prefix = Buffer.concat([prefix, chunk.subarray(0, PREFIX_BYTES - prefix.length)]);
      if (wants.length) serve(chunk, base);
      search(chunk, base, false);
      collect(false);
    },
    end() {
      if (!result) {
        search(Buffer.alloc(0), pos, true);
        collect(true);
        const missing = wants.find((w) => w.what);
        if (missing)
          fail(`the file ends inside ${missing.what} (offset ${missing.start}, ${missing.length} bytes)`);
      }
      wants = [];
      return result && Buffer.from(JSON.stringify(result), 'utf8');
    },
  };
}

function cString(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.subarray(0, nul < 0 ? b.length : nul).toString('latin1');
}
