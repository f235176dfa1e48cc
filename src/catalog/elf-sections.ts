// The section names of an ELF file read with a few random-access reads (header, section table, section-name
// table), so a reader that can seek learns that a shared library holds no `.go.buildinfo` or `.dep-v0` without
// reading its body. Hand-written: it is thirty lines of fixed offsets, and no maintained npm ELF reader reads
// through a callback with bounds on every size.

/** Reads `length` bytes at `offset` of the file (fewer only at its end). */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

/** Field readers for an ELF file whose first bytes are `head`: 16-bit, 32-bit and address-sized, in its byte order. */
export function elfReader(head: Buffer) {
  const wide = head[4] === 2;
  const little = head[5] !== 2;
  const u16 = (b: Buffer, at: number) => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const word = (b: Buffer, at: number) =>
    wide ? Number(little ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at)) : u32(b, at);
  return { wide, u16, u32, word };
}

/** Section tables and name tables larger than this are not from a linker: the caller falls back to streaming. */
const MAX_TABLE_BYTES = 1024 * 1024;

/**
 * The names of the sections of the ELF file whose first bytes are `head` (at least 64), or undefined when they
 * cannot be known this way: not ELF, no section table, extended numbering, sizes out of bounds or past the end.
 */
export async function elfSectionNames(
  head: Buffer,
  size: number,
  readAt: ReadAt,
): Promise<Set<string> | undefined> {
  if (head.length < 64 || head.readUInt32BE(0) !== 0x7f454c46) return undefined;
  if ((head[4] !== 1 && head[4] !== 2) || (head[5] !== 1 && head[5] !== 2)) return undefined;
  const { wide, u16, u32, word } = elfReader(head);
  const shoff = word(head, wide ? 0x28 : 0x20);
  const shentsize = u16(head, wide ? 0x3a : 0x2e);
  const shnum = u16(head, wide ? 0x3c : 0x30);
  const shstrndx = u16(head, wide ? 0x3e : 0x32);
  const minEntry = wide ? 64 : 40;
  if (shoff === 0 || shnum === 0 || shentsize < minEntry || shstrndx >= shnum) return undefined;
  const tableBytes = shnum * shentsize;
  if (tableBytes > MAX_TABLE_BYTES || shoff + tableBytes > size) return undefined;
  const table = await readAt(shoff, tableBytes);
  if (table.length < tableBytes) return undefined;
  const section = (i: number) => {
    const at = i * shentsize;
    return {
      name: u32(table, at),
      offset: word(table, at + (wide ? 0x18 : 0x10)),
      size: word(table, at + (wide ? 0x20 : 0x14)),
      type: u32(table, at + 4),
    };
  };
  const strtab = section(shstrndx);
  // SHT_NOBITS (8) has no bytes in the file; a name table must be SHT_STRTAB (3).
  if (strtab.type !== 3 || strtab.size > MAX_TABLE_BYTES || strtab.offset + strtab.size > size)
    return undefined;
  const names = await readAt(strtab.offset, strtab.size);
  if (names.length < strtab.size) return undefined;
  const out = new Set<string>();
  for (let i = 0; i < shnum; i++) {
    const start = section(i).name;
    if (start >= names.length) continue;
    const end = names.indexOf(0, start);
    out.add(names.toString('latin1', start, end === -1 ? names.length : end));
  }
  return out;
}
