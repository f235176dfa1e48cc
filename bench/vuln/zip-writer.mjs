// Writes an OSV bulk-style zip (one deflated JSON record per entry), one entry at a time. Hand-written because no
// zip writer is installed and the format needed is small: stored local headers, a central directory, and the
// zip64 end records when there are more than 65,535 entries (osv.dev's Debian and npm zips have more).
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1; // 2024-01-01, so the bytes do not depend on the clock

export function createZipWriter(path) {
  const fd = openSync(path, 'w');
  const central = [];
  let offset = 0;
  let entries = 0;
  const write = (buf) => {
    writeSync(fd, buf);
    offset += buf.length;
  };
  return {
    add(name, text) {
      const data = Buffer.from(text, 'utf8');
      const packed = deflateRawSync(data, { level: 6 });
      const nameBuf = Buffer.from(name, 'utf8');
      const crc = crc32(data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(8, 8); // deflate
      local.writeUInt16LE(0, 10);
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(nameBuf.length, 26);
      local.writeUInt16LE(0, 28);
      const at = offset;
      if (at > 0xfffffffe) throw new Error(`${path}: more than 4 GiB, split the corpus`);
      write(local);
      write(nameBuf);
      write(packed);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(0x031e, 4); // made by: unix, 3.0
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(0, 12);
      c.writeUInt16LE(DOS_DATE, 14);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(packed.length, 20);
      c.writeUInt32LE(data.length, 24);
      c.writeUInt16LE(nameBuf.length, 28);
      c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file
      c.writeUInt32LE(at, 42);
      central.push(c, nameBuf);
      entries++;
      return { bytes: data.length, packed: packed.length };
    },
    close() {
      const cdStart = offset;
      for (const b of central) write(b);
      const cdSize = offset - cdStart;
      const zip64 = entries > 0xffff;
      if (zip64) {
        const eocd64At = offset;
        const e = Buffer.alloc(56);
        e.writeUInt32LE(0x06064b50, 0);
        e.writeBigUInt64LE(44n, 4); // size of the rest of this record
        e.writeUInt16LE(45, 12);
        e.writeUInt16LE(45, 14);
        e.writeBigUInt64LE(BigInt(entries), 24);
        e.writeBigUInt64LE(BigInt(entries), 32);
        e.writeBigUInt64LE(BigInt(cdSize), 40);
        e.writeBigUInt64LE(BigInt(cdStart), 48);
        write(e);
        const loc = Buffer.alloc(20);
        loc.writeUInt32LE(0x07064b50, 0);
        loc.writeBigUInt64LE(BigInt(eocd64At), 8);
        loc.writeUInt32LE(1, 16);
        write(loc);
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(zip64 ? 0xffff : entries, 8);
      end.writeUInt16LE(zip64 ? 0xffff : entries, 10);
      end.writeUInt32LE(cdSize, 12);
      end.writeUInt32LE(cdStart, 16);
      write(end);
      closeSync(fd);
      return { entries, bytes: offset };
    },
  };
}
