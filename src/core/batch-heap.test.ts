import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// V8's flags are process-wide, so each case runs in a node process of its own, on the built library (npm test
// builds first).
const dist = join(import.meta.dirname, '..', '..', 'dist');
const url = (rel: string) => pathToFileURL(join(dist, rel)).href;
const dir = mkdtempSync(join(tmpdir(), 'shipshape-heap-'));
const file = join(dir, 'blob');
writeFileSync(file, Buffer.alloc(64 * 1024, 7));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The young generation's size (MiB) after churning through short- and medium-lived objects. */
function youngGenerationAfter(setup: string): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { tuneHeapForBatch } from ${JSON.stringify(url('core/batch-heap.js'))};
    import { hashRange } from ${JSON.stringify(url('image/hash-range.js'))};
    ${setup}
    const keep = [];
    for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 200000) keep.length = 0; }
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(young.space_size / 1048576);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return Number(r.stdout.trim());
}

describe('tuneHeapForBatch', () => {
  const hash = `await hashRange({ path: ${JSON.stringify(file)}, offset: 0, size: 65536 });`;

  it('keeps the young generation small where V8 would grow it', () => {
    expect(youngGenerationAfter('')).toBeGreaterThan(8);
    expect(youngGenerationAfter('tuneHeapForBatch();')).toBeLessThanOrEqual(4);
  });

  it('keeps its settings after a hashing worker starts (which resets V8 flags)', () => {
    // The control: a worker started after tuning, with nothing put back, loses the setting.
    const lost = `tuneHeapForBatch(); const { Worker } = await import('node:worker_threads');
      const w = new Worker('0', { eval: true, execArgv: [] }); await new Promise((r) => w.on('exit', r));`;
    expect(youngGenerationAfter(lost)).toBeGreaterThan(8);
    expect(youngGenerationAfter(`tuneHeapForBatch(); ${hash}`)).toBeLessThanOrEqual(4);
  });
});
