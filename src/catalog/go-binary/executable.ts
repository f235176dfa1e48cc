// Recognises executable formats (ELF, Mach-O, PE) by their first bytes, for extractors that read compiled binaries.

export type ExecutableFormat = 'elf' | 'macho' | 'macho-fat' | 'pe';

const MACHO_MAGICS = new Set([0xfeedface, 0xcefaedfe, 0xfeedfacf, 0xcffaedfe]);
const FAT_MAGICS = new Set([0xcafebabe, 0xbebafeca, 0xcafebabf, 0xbfbafeca]);
/**
 * Java class files share the fat Mach-O magic 0xcafebabe; there the next word holds the class-file version, which
 * is at least 45, while a universal binary holds a handful of architectures.
 */
const MAX_FAT_ARCHS = 44;

/** The format `head` (a file's first bytes) announces, or undefined for anything else. */
export function executableFormat(head: Buffer): ExecutableFormat | undefined {
  if (head.length < 8) return undefined;
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'elf';
  if (head[0] === 0x4d && head[1] === 0x5a) return 'pe';
  const magic = head.readUInt32BE(0);
  if (MACHO_MAGICS.has(magic)) return 'macho';
  if (FAT_MAGICS.has(magic)) {
    const bigEndian = magic === 0xcafebabe || magic === 0xcafebabf;
    const count = bigEndian ? head.readUInt32BE(4) : head.readUInt32LE(4);
    return count > 0 && count <= MAX_FAT_ARCHS ? 'macho-fat' : undefined;
  }
  return undefined;
}
