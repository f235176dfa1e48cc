// How a process that reads one image and exits wants V8's garbage collector set.
import { setFlagsFromString } from 'node:v8';

const FLAGS = ['--no-incremental-marking', '--semi-space-growth-factor=1', '--heap-growing-percent=20'];
let tuned = false;

/**
 * Sets V8's garbage collector for a process that reads one image and exits, for the rest of the process.
 *
 * Incremental marking off. Reading a compressed image keeps promoting a
 * little into a small old generation (the layer listings, and stream objects alive across awaits), and V8 then
 * restarts incremental marking after nearly every young collection: about 150 mark-compacts while a 1 GB image
 * streams, 20–30% of a gzip or zstd scan (bench/scan). Without incremental marking the old generation is
 * collected when it reaches its limit, a few stop-the-world collections of a heap under 100 MB, which a batch
 * job does not mind.
 *
 * The young generation kept at its initial 1 MiB semi-spaces (growth factor 1). V8 otherwise doubles it up to
 * 16 MiB semi-spaces while layers stream, 30 MB of peak RSS for no measurable speed: what a layer allocates dies
 * young or lives to the end, and either way a small nursery sorts it as well.
 *
 * The old generation grown by 20% after each full collection rather than V8's adaptive factor (up to 4×): the
 * buffers a layer stream promotes die there, and their native memory only goes back when the old generation is
 * collected.
 *
 * The CLI's image commands call this; the library never does (its host chooses its own GC).
 */
export function tuneHeapForBatch(): void {
  tuned = true;
  apply();
}

/**
 * Starting a worker thread sets V8's flags back to the process's own (node's worker start-up applies them again),
 * so whoever starts one calls this once the worker is online. Does nothing unless the process was tuned.
 */
export function retuneHeapAfterWorker(): void {
  if (tuned) apply();
}

function apply() {
  for (const flag of FLAGS) {
    try {
      setFlagsFromString(flag);
    } catch {
      // A runtime that refuses flags after start-up only loses the saving.
    }
  }
}
