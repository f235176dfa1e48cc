// Registry images end to end: Debian's docker-registry on loopback (anonymous, htpasswd, behind a token server),
// images pushed with skopeo, read with shipshape and compared with the same image read from its OCI layout.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DEFAULT_LIMITS } from '../src/core/limits.js';
import { loadImage } from '../src/image/image.js';
import { type ImageInventory, type InventoryOptions, inventory } from '../src/image/inventory.js';
import { openImage } from '../src/image/sources/index.js';
import { openRegistryImage } from '../src/image/sources/registry/index.js';
import { type BuiltImage, buildImage, ociLayoutFiles, writeDir } from '../src/image/test-image.js';
import { freePort, type Registry, startRegistry } from './support/registry.js';
import { requireTool } from './support/tools.js';

const haveTools =
  requireTool('docker-registry') &&
  requireTool('skopeo') &&
  requireTool('htpasswd') &&
  requireTool('openssl');
const d = haveTools ? describe : describe.skip;

const status = (arch: string) => `Package: base-files
Status: install ok installed
Architecture: ${arch}
Version: 12.4+deb12u5

Package: libssl3
Status: install ok installed
Architecture: ${arch}
Source: openssl
Version: 3.0.11-1~deb12u2
`;

function debianImage(arch: 'amd64' | 'arm64') {
  return buildImage({
    architecture: arch,
    layers: [
      {
        createdBy: '/bin/sh -c #(nop) ADD file:rootfs in /',
        entries: [
          { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
          { name: 'var/lib/dpkg/status', content: status(arch) },
          // Some bulk, so a layer blob spans many chunks (the cut-connection test needs that).
          { name: 'usr/share/doc/blob.bin', content: Buffer.alloc(512 * 1024, arch) },
        ],
      },
      {
        createdBy: 'RUN npm install',
        entries: [
          {
            name: 'app/node_modules/left-pad/package.json',
            content: `{"name":"left-pad","version":"${arch === 'amd64' ? '1.3.0' : '1.2.0'}"}`,
          },
        ],
        compression: 'none',
      },
    ],
  });
}

/** What a request through the proxy should meet instead of the registry's answer. */
interface Fault {
  path: RegExp;
  /** How many more requests get the fault. */
  times: number;
  status?: number;
  headers?: Record<string, string>;
  /** Flip one byte of the body. */
  flip?: boolean;
  /** Send the headers and half the body, then drop the connection. */
  cut?: boolean;
  /** Send the body with bytes added (and no Content-Length). */
  grow?: boolean;
  /** Answer 307 to the same path on this origin (a blob store elsewhere, as Docker Hub's CDN). */
  redirect?: string;
}

interface Proxy {
  port: number;
  host: string;
  log: string[];
  /** The Authorization header of each request ('' when none). */
  auth: string[];
  faults: Fault[];
  /**
   * When set, /v2/ needs 'Bearer <token>', got from GET /token with Basic user:password, or from POST /token
   * with an OAuth2 refresh token (Docker's identity token).
   */
  bearer: { user: string; password: string; refresh: string; token: string; issued: number } | undefined;
  server: http.Server;
}

async function readAll(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A small reverse proxy in front of a registry: logs requests, injects faults, and can be a token server. */
async function startProxy(upstream: number, tls?: { key: string; cert: string }): Promise<Proxy> {
  const port = await freePort();
  const state: Omit<Proxy, 'server'> = {
    port,
    host: `127.0.0.1:${port}`,
    log: [],
    auth: [],
    faults: [],
    bearer: undefined,
  };
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = req.url ?? '/';
    proxy.log.push(`${req.method} ${path.split('?')[0]}`);
    proxy.auth.push(req.headers.authorization ?? '');
    const b = proxy.bearer;
    if (b && path.startsWith('/token') && req.method === 'POST') {
      const form = new URLSearchParams(await readAll(req));
      if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== b.refresh) {
        res.writeHead(401).end();
        return;
      }
      b.issued++;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: b.token }));
      return;
    }
    if (b && path.startsWith('/token')) {
      const want = `Basic ${Buffer.from(`${b.user}:${b.password}`).toString('base64')}`;
      const q = new URL(path, 'http://x').searchParams;
      if (req.headers.authorization !== want || q.get('service') !== 'test-registry') {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"details":"incorrect username or password"}');
        return;
      }
      b.issued++;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: b.token, expires_in: 300 }));
      return;
    }
    if (b && req.headers.authorization !== `Bearer ${b.token}`) {
      const scope = /^\/v2\/(.+)\/(manifests|blobs)\//.exec(path)?.[1];
      res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="http://${proxy.host}/token",service="test-registry"${scope ? `,scope="repository:${scope}:pull"` : ''}`,
          'content-type': 'application/json',
        })
        .end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    const fault = proxy.faults.find((f) => f.times > 0 && f.path.test(path));
    if (fault) fault.times--;
    if (fault?.redirect) {
      res.writeHead(307, { location: `${fault.redirect}${path}?X-Signature=s3cr3t-sig` }).end();
      return;
    }
    if (fault?.status) {
      res.writeHead(fault.status, fault.headers ?? {}).end();
      return;
    }
    const headers = { ...req.headers, host: `127.0.0.1:${upstream}` };
    if (b) delete headers.authorization;
    const up = http.request(
      { host: '127.0.0.1', port: upstream, path, method: req.method, headers },
      (ur) => {
        if (!fault) {
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        ur.on('data', (c: Buffer) => chunks.push(c));
        ur.on('end', () => {
          const body = Buffer.concat(chunks);
          if (fault.flip) {
            body[body.length >> 1] = (body[body.length >> 1] as number) ^ 0xff;
            res.writeHead(ur.statusCode ?? 502, ur.headers).end(body);
          } else if (fault.grow) {
            const { 'content-length': _drop, ...rest } = ur.headers;
            res.writeHead(ur.statusCode ?? 502, rest).end(Buffer.concat([body, Buffer.alloc(100)]));
          } else {
            res.writeHead(ur.statusCode ?? 502, ur.headers);
            res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
          }
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  const server = tls
    ? https.createServer(tls, (req, res) => void handler(req, res))
    : http.createServer((req, res) => void handler(req, res));
  // The tests change faults and bearer on this same object while the server runs.
  const proxy: Proxy = Object.assign(state, { server });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return proxy;
}

let root: string;
let layout: string;
let amd: BuiltImage;
let arm: BuiltImage;
let anon: Registry;
let basic: Registry;
let proxy: Proxy;
let bearerProxy: Proxy;
let tlsProxy: Proxy;
let env: Record<string, string | undefined>;
const registries: Registry[] = [];
const proxies: Proxy[] = [];
const REPO = 'test/app';

function skopeo(...args: string[]) {
  execFileSync('skopeo', ['--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** A fresh cache directory. */
function cache(): string {
  return mkdtempSync(join(root, 'cache-'));
}

function comparable(inv: ImageInventory) {
  const { ref: _ref, ...target } = inv.target;
  return { target, packages: inv.packages, unknowns: inv.unknowns };
}

async function failure(p: Promise<unknown>): Promise<{ exitCode: number; message: string; hint?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { exitCode: number; message: string; hint?: string };
  }
  throw new Error('expected a failure');
}

function blobFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(p, e.name));
      else out.push(e.name);
    }
  };
  walk(join(dir, 'blobs'));
  return out;
}

d('registry images', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'shipshape-registry-'));
    env = { HOME: join(root, 'home'), PATH: process.env.PATH };
    [amd, arm] = await Promise.all([debianImage('amd64'), debianImage('arm64')]);
    layout = writeDir(
      join(root, 'layout'),
      ociLayoutFiles([
        { image: amd, tag: 'amd' },
        { image: arm, tag: 'arm' },
        {
          tag: 'multi',
          images: [
            { image: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
            { image: amd, platform: { os: 'linux', architecture: 'amd64' } },
          ],
        },
      ]),
    );
    const storage = join(root, 'storage');
    const htpasswd = join(root, 'htpasswd');
    writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', 'alice', 's3cret-pw']));
    anon = await startRegistry(root, storage);
    registries.push(anon);
    skopeo('--preserve-digests', `oci:${layout}:amd`, `docker://${anon.host}/${REPO}:1`);
    skopeo('--preserve-digests', '--all', `oci:${layout}:multi`, `docker://${anon.host}/${REPO}:multi`);
    skopeo('--format', 'v2s2', `oci:${layout}:amd`, `docker://${anon.host}/${REPO}:v2s2`);
    // The same storage behind htpasswd Basic auth.
    basic = await startRegistry(root, storage, htpasswd);
    registries.push(basic);
    proxy = await startProxy(anon.port);
    bearerProxy = await startProxy(anon.port);
    const key = join(root, 'key.pem');
    const cert = join(root, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=127.0.0.1',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    tlsProxy = await startProxy(anon.port, {
      key: readFileSync(key, 'utf8'),
      cert: readFileSync(cert, 'utf8'),
    });
    proxies.push(proxy, bearerProxy, tlsProxy);
  }, 120_000);

  afterAll(async () => {
    for (const p of proxies) {
      p.server.closeAllConnections();
      await new Promise((resolve) => p.server.close(resolve));
    }
    for (const r of registries) r.proc.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const read = (ref: string, options: InventoryOptions = {}) => inventory(ref, { env, ...options });

  it('reads docker://REF exactly as the same image from its OCI layout', async () => {
    const fromLayout = await inventory(`oci:${layout}:amd`);
    const fromRegistry = await read(`docker://${anon.host}/${REPO}:1`, { insecure: true });
    expect(fromRegistry.packages.map((p) => `${p.type}:${p.name}@${p.version}`)).toEqual([
      'deb:base-files@12.4+deb12u5',
      'deb:libssl3@3.0.11-1~deb12u2',
      'npm:left-pad@1.3.0',
    ]);
    expect(comparable(fromRegistry)).toEqual(comparable(fromLayout));
    expect(fromRegistry.target.digest).toBe(amd.manifestDigest);
    expect(fromRegistry.target.ref).toBe(`docker://${anon.host}/${REPO}:1`);
  });

  it('reads a bare loopback reference over plain HTTP without --insecure, and by digest', async () => {
    const fromLayout = comparable(await inventory(`oci:${layout}:amd`));
    expect(comparable(await read(`${anon.host}/${REPO}:1`))).toEqual(fromLayout);
    expect(comparable(await read(`${anon.host}/${REPO}@${amd.manifestDigest}`))).toEqual(fromLayout);
    expect(comparable(await read(`${anon.host}/${REPO}:1@${amd.manifestDigest}`))).toEqual(fromLayout);
  });

  it('reads Docker schema 2 manifests (skopeo --format v2s2)', async () => {
    const fromLayout = await inventory(`oci:${layout}:amd`);
    const v2 = await read(`${anon.host}/${REPO}:v2s2`);
    expect(v2.packages).toEqual(fromLayout.packages);
    expect(v2.target.layers).toEqual(fromLayout.target.layers);
    expect(v2.target.digest).not.toBe(amd.manifestDigest);
  });

  it('picks the platform from a multi-platform index', async () => {
    const multi = `${anon.host}/${REPO}:multi`;
    const byDefault = await read(multi);
    expect(byDefault.target.digest).toBe(amd.manifestDigest);
    expect(byDefault.target.platform).toBe('linux/amd64');
    const onArm = await read(multi, { platform: 'linux/arm64' });
    expect(onArm.target.digest).toBe(arm.manifestDigest);
    expect(onArm.target.platform).toBe('linux/arm64');
    expect(comparable(onArm)).toEqual(comparable(await inventory(`oci:${layout}:arm`)));
    expect(onArm.packages.find((p) => p.name === 'left-pad')?.version).toBe('1.2.0');
    const none = await failure(read(multi, { platform: 'linux/s390x' }));
    expect(none).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/no image for platform linux\/s390x/),
    });
    expect(none.hint).toMatch(/linux\/arm64\/v8, linux\/amd64/);
    const single = await failure(read(`${anon.host}/${REPO}:1`, { platform: 'linux/arm64' }));
    expect(single.message).toMatch(/the image is for linux\/amd64, not linux\/arm64/);
  });

  it('says what is wrong for unknown tags, refused connections and invalid references', async () => {
    const unknown = await failure(read(`${anon.host}/${REPO}:nope`));
    expect(unknown).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/:nope: manifest unknown \(404 MANIFEST_UNKNOWN/),
    });
    expect(unknown.hint).toMatch(/check the repository name and the tag/);
    const refused = await failure(read(`127.0.0.1:${await freePort()}/x:1`));
    expect(refused).toMatchObject({ exitCode: 2, message: expect.stringMatching(/connection refused/) });
    const invalid = await failure(read('docker://Upper/Case'));
    expect(invalid).toMatchObject({ exitCode: 2, message: expect.stringMatching(/must be lowercase/) });
    // A bare string that is not a path and not a reference says both.
    const neither = await failure(read('./missing.tar'));
    expect(neither.message).toMatch(/no such file or directory/);
  });

  it('downloads no blob on a second read with a warm cache', async () => {
    const dir = cache();
    const ref = `${proxy.host}/${REPO}:1`;
    const loadOnce = async () => {
      const source = await openImage(ref, { cacheDir: dir, env });
      return loadImage(source, { globs: ['/var/lib/dpkg/status'] });
    };
    proxy.log.length = 0;
    const first = await loadOnce();
    const blobs = proxy.log.filter((l) => l.includes('/blobs/'));
    expect(blobs.sort()).toEqual(
      [amd.configDigest, ...amd.layers.map((l) => l.digest)].map((x) => `GET /v2/${REPO}/blobs/${x}`).sort(),
    );
    expect(blobFiles(dir).sort()).toEqual(
      [amd.configDigest, ...amd.layers.map((l) => l.digest)].map((x) => x.slice(7)).sort(),
    );
    proxy.log.length = 0;
    const second = await loadOnce();
    expect(proxy.log.filter((l) => l.includes('/blobs/'))).toEqual([]);
    expect(second.fs.read('/var/lib/dpkg/status')?.toString()).toBe(status('amd64'));
    expect(second.layers).toEqual(first.layers);
    // Pinned by digest, even the manifest comes from the cache: no request at all.
    await loadImage(await openImage(`${proxy.host}/${REPO}@${amd.manifestDigest}`, { cacheDir: dir, env }));
    proxy.log.length = 0;
    await loadImage(await openImage(`${proxy.host}/${REPO}@${amd.manifestDigest}`, { cacheDir: dir, env }));
    expect(proxy.log).toEqual([]);
  });

  it('refuses a corrupted blob (exit 2, digest mismatch) and caches nothing of it', async () => {
    const dir = cache();
    const layer = amd.layers[0]?.digest as string;
    proxy.faults.push({ path: new RegExp(`/blobs/${layer}$`), times: 1, flip: true });
    const e = await failure(read(`${proxy.host}/${REPO}:1`, { cacheDir: dir }));
    expect(e).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/digest mismatch: expected sha256:/),
    });
    expect(e.hint).toMatch(/nothing was cached/);
    // The other layer's download may still be finishing: its temp file goes once it is done.
    for (let i = 0; i < 100 && blobFiles(dir).some((f) => f.startsWith('.tmp')); i++) await sleep(20);
    expect(blobFiles(dir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
    expect(blobFiles(dir)).not.toContain(layer.slice(7));
    // A corrupted config is refused the same way.
    proxy.faults.push({ path: new RegExp(`/blobs/${amd.configDigest}$`), times: 1, flip: true });
    const c = await failure(read(`${proxy.host}/${REPO}:1`, { cacheDir: cache() }));
    expect(c).toMatchObject({ exitCode: 2, message: expect.stringMatching(/config: digest mismatch/) });
  });

  it('retries 503 and 429 (honouring Retry-After) and resumes a blob whose connection broke', async () => {
    const manifest = /\/manifests\/1$/;
    proxy.faults.push({ path: manifest, times: 2, status: 503 });
    proxy.log.length = 0;
    const expected = comparable(await inventory(`oci:${layout}:amd`));
    expect(comparable(await read(`${proxy.host}/${REPO}:1`))).toEqual(expected);
    expect(proxy.log.filter((l) => manifest.test(l))).toHaveLength(3);

    proxy.faults.push({ path: manifest, times: 1, status: 429, headers: { 'retry-after': '1' } });
    const start = Date.now();
    expect(comparable(await read(`${proxy.host}/${REPO}:1`))).toEqual(expected);
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);

    const layer = amd.layers[0]?.digest as string;
    proxy.faults.push({ path: new RegExp(`/blobs/${layer}$`), times: 1, cut: true });
    proxy.log.length = 0;
    const dir = cache();
    expect(comparable(await read(`${proxy.host}/${REPO}:1`, { cacheDir: dir }))).toEqual(expected);
    expect(proxy.log.filter((l) => l.endsWith(layer))).toHaveLength(2);
    expect(blobFiles(dir)).toContain(layer.slice(7));

    // A registry that keeps failing: a clear error once the attempts are spent.
    proxy.faults.push({ path: manifest, times: 3, status: 503 });
    const down = await failure(
      openRegistryImage(`${proxy.host}/${REPO}:1`, 'x', {
        env,
        retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10, maxRetryAfterMs: 1000 },
      }),
    );
    expect(down).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/answered 503 after 3 attempts/),
    });
    proxy.faults.push({ path: manifest, times: 1, status: 429, headers: { 'retry-after': '3600' } });
    const limited = await failure(read(`${proxy.host}/${REPO}:1`));
    expect(limited).toMatchObject({ exitCode: 2, message: expect.stringMatching(/rate limited \(429\)/) });
    expect(limited.hint).toMatch(/wait 3600 s/);
  });

  it('verifies TLS certificates unless --insecure', async () => {
    const ref = `${tlsProxy.host}/${REPO}:1`;
    const e = await failure(read(ref));
    expect(e).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(
        /TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
      ),
    });
    expect(e.hint).toMatch(/--insecure/);
    tlsProxy.log.length = 0;
    const inv = await read(ref, { insecure: true });
    expect(inv.target.digest).toBe(amd.manifestDigest);
    // Everything went over TLS: the proxy saw every request.
    expect(tlsProxy.log).toContain(`GET /v2/${REPO}/manifests/1`);
  });

  it('keeps to its budgets: manifest size, and blobs no larger than their descriptors', async () => {
    const small = await failure(
      read(`${anon.host}/${REPO}:1`, { limits: { ...DEFAULT_LIMITS, imageJsonBytes: 200 } }),
    );
    expect(small).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/manifest: size: \d+ exceeds the limit of 200 \(imageJsonBytes\)/),
    });
    const dir = cache();
    const layer = amd.layers[1]?.digest as string;
    proxy.faults.push({ path: new RegExp(`/blobs/${layer}$`), times: 1, grow: true });
    const big = await failure(read(`${proxy.host}/${REPO}:1`, { cacheDir: dir }));
    expect(big).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/larger than the \d+ bytes its descriptor states/),
    });
    expect(blobFiles(dir)).not.toContain(layer.slice(7));
  });

  describe('with htpasswd Basic auth', () => {
    const ref = () => `${basic.host}/${REPO}:1`;

    it('needs credentials, and says how to give them', async () => {
      const e = await failure(read(ref()));
      expect(e).toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/requires authentication \(401/),
      });
      expect(e.hint).toMatch(/docker login 127\.0\.0\.1:\d+.*--username USER --password-stdin/);
    });

    it('takes credentials from config.json auths', async () => {
      const cfg = mkdtempSync(join(root, 'docker-'));
      writeFileSync(
        join(cfg, 'config.json'),
        JSON.stringify({
          auths: { [basic.host]: { auth: Buffer.from('alice:s3cret-pw').toString('base64') } },
        }),
      );
      const inv = await read(ref(), { env: { ...env, DOCKER_CONFIG: cfg } });
      expect(comparable(inv)).toEqual(comparable(await inventory(`oci:${layout}:amd`)));
    });

    it('takes credentials from a credential helper', async () => {
      const cfg = mkdtempSync(join(root, 'docker-'));
      const bin = mkdtempSync(join(root, 'bin-'));
      writeFileSync(join(cfg, 'config.json'), JSON.stringify({ credHelpers: { [basic.host]: 'test' } }));
      writeFileSync(
        join(bin, 'docker-credential-test'),
        `#!/bin/sh\n[ "$(cat)" = "${basic.host}" ] || { echo "credentials not found in native keychain"; exit 1; }\necho '{"Username":"alice","Secret":"s3cret-pw"}'\n`,
      );
      chmodSync(join(bin, 'docker-credential-test'), 0o755);
      const inv = await read(ref(), {
        env: { ...env, DOCKER_CONFIG: cfg, PATH: `${bin}${delimiter}${env.PATH}` },
      });
      expect(inv.packages).toHaveLength(3);
    });

    it('takes --username and --password-stdin on the command line, and refuses wrong ones clearly', async () => {
      const run = async (password: string) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(
          ['sbom', '--format', 'json', '--username', 'alice', '--password-stdin', ref()],
          {
            stdin: `${password}\n`,
            stdout: { write: (s: string) => out.push(s) },
            stderr: { write: (s: string) => err.push(s) },
            env: { ...env, SHIPSHAPE_CACHE_DIR: cache() },
          },
        );
        return { code, out: out.join(''), err: err.join('') };
      };
      const ok = await run('s3cret-pw');
      expect(ok.err).toBe('');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out).packages.map((p: { name: string }) => p.name)).toEqual([
        'base-files',
        'libssl3',
        'left-pad',
      ]);
      const bad = await run('wrong-pw');
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/refused the credentials from --username \(401/);
      expect(bad.err).toMatch(/hint: check the user name and password/);
      expect(bad.err).not.toMatch(/wrong-pw|s3cret/);
      expect(bad.err).not.toMatch(/\n\s+at /);
    });
  });

  describe('behind a Bearer token server', () => {
    beforeAll(() => {
      bearerProxy.bearer = {
        user: 'bob',
        password: 'tok-pw',
        refresh: 'refresh-tok',
        token: 'the-token',
        issued: 0,
      };
    });
    const ref = () => `${bearerProxy.host}/${REPO}:multi`;

    it('gets a token with Basic credentials and reads the image', async () => {
      const inv = await read(ref(), { username: 'bob', password: 'tok-pw', platform: 'linux/arm64' });
      expect(inv.target.digest).toBe(arm.manifestDigest);
      expect(bearerProxy.bearer?.issued).toBeGreaterThanOrEqual(1);
      // One token serves the whole read.
      expect(bearerProxy.bearer?.issued).toBeLessThanOrEqual(2);
      expect(bearerProxy.log.filter((l) => l.startsWith('GET /token'))).toHaveLength(
        bearerProxy.bearer?.issued ?? -1,
      );
    });

    it('trades an identity token from config.json for an access token (OAuth2 refresh)', async () => {
      const cfg = mkdtempSync(join(root, 'docker-'));
      writeFileSync(
        join(cfg, 'config.json'),
        JSON.stringify({ auths: { [bearerProxy.host]: { identitytoken: 'refresh-tok' } } }),
      );
      bearerProxy.log.length = 0;
      const inv = await read(ref(), { env: { ...env, DOCKER_CONFIG: cfg } });
      expect(inv.target.digest).toBe(amd.manifestDigest);
      expect(bearerProxy.log).toContain('POST /token');
    });

    it('follows a blob redirect to another origin without sending it the token', async () => {
      const layer = amd.layers[0]?.digest as string;
      bearerProxy.faults.push({
        path: new RegExp(`/blobs/${layer}$`),
        times: 1,
        redirect: `http://${proxy.host}`,
      });
      proxy.log.length = 0;
      proxy.auth.length = 0;
      const inv = await read(`${bearerProxy.host}/${REPO}:1`, { username: 'bob', password: 'tok-pw' });
      expect(inv.packages).toHaveLength(3);
      expect(proxy.log).toEqual([`GET /v2/${REPO}/blobs/${layer}`]);
      expect(proxy.auth).toEqual(['']);
    });

    it('says so when the token server wants credentials, or refuses them', async () => {
      const none = await failure(read(ref()));
      expect(none).toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/token server requires credentials/),
      });
      expect(none.hint).toMatch(/docker login/);
      const wrong = await failure(read(ref(), { username: 'bob', password: 'nope' }));
      expect(wrong).toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/token server refused the credentials from --username \(401\)/),
      });
      expect(JSON.stringify(wrong)).not.toMatch(/nope/);
    });
  });
});
