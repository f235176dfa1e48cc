// Debian's docker-registry on loopback for tests: a free port, filesystem storage, optional htpasswd Basic auth.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const r = http.get(url, (res) => {
        res.resume();
        resolve(true);
      });
      r.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not come up`);
}

export interface Registry {
  port: number;
  host: string;
  proc: ChildProcess;
}

export async function startRegistry(root: string, storage: string, htpasswd?: string): Promise<Registry> {
  const port = await freePort();
  const config = join(root, `registry-${port}.yml`);
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${storage}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      ...(htpasswd ? ['auth:', '  htpasswd:', '    realm: test-realm', `    path: ${htpasswd}`] : []),
      '',
    ].join('\n'),
  );
  const proc = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${port}/v2/`);
  return { port, host: `127.0.0.1:${port}`, proc };
}

/** Stops a registry started by startRegistry and waits for it to exit. */
export async function stopRegistry(r: Registry): Promise<void> {
  if (r.proc.exitCode !== null) return;
  const exited = new Promise((resolve) => r.proc.once('exit', resolve));
  r.proc.kill('SIGTERM');
  await exited;
}
