// Reads osv.dev bulk zips: yauzl parses the archive, and a read-ahead window serves its many small reads.
//
// An all.zip holds tens of thousands of small records. Through yauzl's file reader each one costs two
// asynchronous reads and a zlib stream; here yauzl reads through a RandomAccessReader that keeps an 8 MB window of
// the file in memory (entries are stored in order), and each record is inflated in one synchronous call.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';

const WINDOW_BYTES = 8 * 1024 * 1024;

export interface BulkZip {
  zip: ZipFile;
  /** The zip file's size in bytes. */
  size: number;
  /**
   * The entry's data, uncompressed and checked against its size and CRC, and its deflate data when it was
   * compressed; throws when damaged or over `max` bytes.
   */
  read(entry: Entry, max: number): Promise<{ bytes: Buffer; deflated?: Buffer }>;
  close(): void;
}

/** Opens a zip for reading entries in order; throws the file-system error or yauzl's error for a bad archive. */
export async function openBulkZip(path: string): Promise<BulkZip> {
  const yauzl = await import('yauzl');
  const fd = openSync(path, 'r');
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  let window = Buffer.alloc(0);
  let windowStart = 0;
  let closed = false;

  /** Bytes [start, end) of the file; a view of the window, which is moved forward when needed. */
  const slice = (start: number, end: number): Buffer => {
    if (start >= windowStart && end <= windowStart + window.length) {
      return window.subarray(start - windowStart, end - windowStart);
    }
    const length = Math.max(end - start, Math.min(WINDOW_BYTES, size - start));
    // A new buffer each time: views handed out earlier stay valid.
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    if (got < end - start) throw new Error(`unexpected end of file at ${start + got}`);
    window = buf.subarray(0, got);
    windowStart = start;
    return window.subarray(0, end - start);
  };

  class WindowReader extends yauzl.RandomAccessReader {
    override _readStreamForRange(start: number, end: number): Readable {
      let data: Buffer | null = slice(start, end);
      return new Readable({
        read() {
          this.push(data);
          data = null;
        },
      });
    }

    override read(
      buffer: Buffer,
      offset: number,
      length: number,
      position: number,
      callback: (err: Error | null) => void,
    ): void {
      try {
        slice(position, position + length).copy(buffer, offset);
      } catch (e) {
        callback(e as Error);
        return;
      }
      callback(null);
    }

    override close(callback: (err: Error | null) => void): void {
      if (!closed) {
        closed = true;
        closeSync(fd);
      }
      callback(null);
    }
  }

  const reader = new WindowReader();
  let zip: ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(reader, size, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (e) {
    reader.close(() => {});
    throw e;
  }
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  return {
    zip,
    size,
    async read(entry, max) {
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      // Deflate never makes data much bigger: a larger compressed size is a lie about the uncompressed one.
      if (entry.compressedSize > max + 1024)
        throw new Error(`compressed size ${entry.compressedSize} over ${max}`);
      const stored = slice(fileDataStart, fileDataStart + entry.compressedSize);
      let data: Buffer;
      if (entry.compressionMethod === 0) data = stored;
      else if (entry.compressionMethod === 8)
        data = zlib.inflateRawSync(stored, { maxOutputLength: Math.max(max, 1) });
      else throw new Error(`unsupported compression method ${entry.compressionMethod}`);
      if (data.length !== entry.uncompressedSize) {
        throw new Error(`expected ${entry.uncompressedSize} bytes, found ${data.length}`);
      }
      // CRC-32 where Node has it (>= 20.15): damaged stored data is caught too, not only bad deflate streams.
      if (crc32 && crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new Error('CRC-32 mismatch');
      // A view of the window: the window is not reused, only replaced, so the view stays valid while kept.
      return entry.compressionMethod === 8 ? { bytes: data, deflated: stored } : { bytes: data };
    },
    close() {
      zip.close();
      reader.close(() => {});
    },
  };
}
