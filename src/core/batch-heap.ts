// How a process that reads one image and exits wants V8's garbage collector set.
import { setFlagsFromString } from 'node:v8';

let tuned = false;

/**
 * Turns V8's incremental marking off for the rest of the process. Reading a compressed image keeps promoting a
 * little into a small old generation (the layer listings, and stream objects alive across awaits), and V8 then
 * restarts incremental marking after nearly every young collection: about 150 mark-compacts while a 1 GB image
 * streams, 20–30% of a gzip or zstd scan (bench/scan). Without incremental marking the old generation is
 * collected when it reaches its limit, a few stop-the-world collections of a heap under 100 MB, which a batch
 * job does not mind. The CLI's image commands call this; the library never does (its host chooses its own GC).
 */
export function tuneHeapForBatch(): void {
  if (tuned) return;
  tuned = true;
  try {
    setFlagsFromString('--no-incremental-marking');
  } catch {
    // A runtime that refuses flags after start-up only loses the speed-up.
  }
}
