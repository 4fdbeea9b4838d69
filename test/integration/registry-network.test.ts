// The oci:// client's network behaviour against the real CNCF registry behind small local
// proxies: transient 5xx retried, an unreachable registry reported, the bearer-token flow.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChallenge } from '../../shared/src/registry/auth.ts';
import { openRegistry, RegistryAuthError, RegistryUnavailableError } from '../../shared/src/registry/index.ts';
import { card, fixtures, tempWorkspace } from '../core/registry/helpers.ts';
import { freePort, type RunningServer, startOciRegistry } from '../support/servers.ts';

type Decide = (req: IncomingMessage, res: ServerResponse) => boolean;

/** An HTTP proxy to the registry; `decide` may answer a request itself (returns true). */
async function proxy(target: number, decide: Decide): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (decide(req, res)) return;
    const upstream = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

let server: RunningServer;
const ws = tempWorkspace();
const closers: Array<() => Promise<void>> = [];
const fast = { attempts: 4, baseDelayMs: 20 };

beforeAll(async () => {
  server = await startOciRegistry();
});
afterAll(async () => {
  for (const close of closers) await close();
  await server?.stop();
  ws.cleanup();
});

describe('transient failures', () => {
  it('retries 503s with backoff and then succeeds', async () => {
    let failures = 0;
    let seen = 0;
    const p = await proxy(server.port, (_req, res) => {
      // Every third request fails: uploads, manifests and tag listings all see a 503.
      if (seen++ % 3 === 1 && failures < 12) {
        failures++;
        res.writeHead(503).end();
        return true;
      }
      return false;
    });
    closers.push(p.close);
    const registry = openRegistry(`oci://127.0.0.1:${p.port}/flaky/churn`, { workspace: ws.dir, env: {}, retry: fast });
    await registry.push(card('run-1'), join(fixtures, 'model-v2'));
    await registry.moveAlias('champion', 'v1', { actor: 'a', reason: 'r' });
    expect((await registry.show('champion')).card.version).toBe('v1');
    expect(failures).toBe(12);
  });

  it('restarts a chunked upload whose PATCH fails, and the blob arrives intact', async () => {
    let patches = 0;
    const p = await proxy(server.port, (req, res) => {
      if (req.method === 'PATCH' && ++patches === 2) {
        req.resume();
        res.writeHead(503).end();
        return true;
      }
      return false;
    });
    closers.push(p.close);
    const dir = join(ws.dir, 'chunks-flaky');
    mkdirSync(dir, { recursive: true });
    const bytes = new Uint8Array(10_000).map((_, i) => (i * 13) % 253);
    writeFileSync(join(dir, 'weights.bin'), bytes);
    const registry = openRegistry(`oci://127.0.0.1:${p.port}/flaky/chunks`, { workspace: ws.dir, env: {}, chunkSize: 3000, retry: fast });
    await registry.push(card('run-1'), dir);
    await registry.pull('v1', join(ws.dir, 'chunks-flaky-out'));
    expect(new Uint8Array(readFileSync(join(ws.dir, 'chunks-flaky-out/weights.bin')))).toEqual(bytes);
    expect(patches).toBeGreaterThan(4);
  });

  it('restarts a download whose connection breaks mid-stream', async () => {
    let broken = 0;
    const p = await proxy(server.port, (req, res) => {
      if (req.method === 'GET' && req.url?.includes('/blobs/') && broken < 2) {
        broken++;
        res.writeHead(200, { 'content-length': '100000', 'content-type': 'application/octet-stream' });
        res.write(Buffer.alloc(10));
        res.destroy();
        return true;
      }
      return false;
    });
    closers.push(p.close);
    const url = `oci://127.0.0.1:${p.port}/broken/churn`;
    await openRegistry(url, { workspace: ws.dir, env: {} }).push(card('run-1'), join(fixtures, 'model-v1'));
    broken = 0;
    const out = join(ws.dir, 'broken-out');
    await openRegistry(url, { workspace: ws.dir, env: {} }).pull('v1', out);
    expect(readFileSync(join(out, 'model.json'))).toEqual(readFileSync(join(fixtures, 'model-v1/model.json')));
    expect(broken).toBe(2);
  });

  it('gives up after the attempts with the host, request and last status', async () => {
    let seen = 0;
    const p = await proxy(server.port, (_req, res) => {
      seen++;
      res.writeHead(502).end();
      return true;
    });
    closers.push(p.close);
    const registry = openRegistry(`oci://127.0.0.1:${p.port}/down/churn`, { workspace: ws.dir, env: {}, retry: fast });
    const error = await registry.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toBe(`registry 127.0.0.1:${p.port} did not answer GET /v2/down/churn/tags/list after 4 attempts: HTTP 502`);
    expect(seen).toBe(4);
  });

  it('reports an unreachable registry (a closed port) after retrying', async () => {
    const port = await freePort();
    const registry = openRegistry(`oci://127.0.0.1:${port}/none/churn`, { workspace: ws.dir, env: {}, retry: fast });
    const error = await registry.push(card('run-1'), join(fixtures, 'model-v1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^registry 127\\.0\\.0\\.1:${port} did not answer HEAD /v2/none/churn/blobs/sha256:[0-9a-f]{64} after 4 attempts: ECONNREFUSED$`));
  });
});

describe('token auth flow', () => {
  const secret = 's3cr3t-token-value';
  let tokenRequests = 0;
  let port = 0;

  beforeAll(async () => {
    // The registry answers 401 with a Bearer challenge; the realm trades Basic credentials for a
    // token whose actions depend on the user (`reader` gets pull only).
    const p = await proxy(server.port, (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/token') {
        tokenRequests++;
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
        const [user, pass] = basic.split(':');
        if (pass !== secret) {
          res.writeHead(401).end();
          return true;
        }
        const wanted = url.searchParams.get('scope')?.split(':')[2] ?? '';
        const granted = user === 'reader' ? 'pull' : wanted;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `tok:${granted}` }));
        return true;
      }
      const auth = req.headers.authorization ?? '';
      const write = !['GET', 'HEAD'].includes(req.method ?? 'GET');
      const repo = /^\/v2\/(.+?)\/(blobs|manifests|tags|referrers)/.exec(url.pathname)?.[1] ?? '';
      if (!auth.startsWith('Bearer tok:')) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="test-registry",scope="repository:${repo}:${write ? 'pull,push' : 'pull'}"` }).end();
        return true;
      }
      if (write && !auth.includes('push')) {
        res.writeHead(403).end();
        return true;
      }
      return false;
    });
    port = p.port;
    closers.push(p.close);
  });

  it('parses Bearer challenges with quoted and bare values', () => {
    expect(parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/churn:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:acme/churn:pull' },
    });
    expect(parseChallenge('Basic realm=registry')).toEqual({ scheme: 'basic', params: { realm: 'registry' } });
    expect(parseChallenge(null)).toBeUndefined();
  });

  it('gets a token with GITHUB_TOKEN, caches it, and pushes', async () => {
    tokenRequests = 0;
    const registry = openRegistry(`oci://127.0.0.1:${port}/acme/churn`, { workspace: ws.dir, env: { GITHUB_TOKEN: secret } });
    await registry.push(card('run-1'), join(fixtures, 'model-v2'));
    await registry.moveAlias('champion', 'v1', { actor: 'a', reason: 'r' });
    expect((await registry.list()).map((v) => v.aliases)).toEqual([['champion']]);
    expect(tokenRequests).toBeLessThanOrEqual(2);
  });

  it('names the missing permission on a refused push and never shows the token', async () => {
    const registry = openRegistry(`oci://127.0.0.1:${port}/acme/readonly`, {
      workspace: ws.dir,
      env: { PIPEWRIGHT_REGISTRY_TOKEN: secret, PIPEWRIGHT_REGISTRY_USER: 'reader' },
    });
    expect(await registry.list()).toEqual([]);
    const error = await registry.push(card('run-1'), join(fixtures, 'model-v1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect((error as Error).message).toBe(
      `registry 127.0.0.1:${port} refused write (push) access to 'acme/readonly' for the token in PIPEWRIGHT_REGISTRY_TOKEN (HTTP 403): missing permission 'push'.`,
    );
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(secret);
  });

  it('asks for credentials when there are none, and reports refused ones', async () => {
    const anonymous = openRegistry(`oci://127.0.0.1:${port}/acme/churn`, { workspace: ws.dir, env: {} });
    await expect(anonymous.list()).rejects.toThrow(/needs credentials for scope 'repository:acme\/churn:pull': set GITHUB_TOKEN or PIPEWRIGHT_REGISTRY_TOKEN/);
    const wrong = openRegistry(`oci://127.0.0.1:${port}/acme/churn`, { workspace: ws.dir, env: { GITHUB_TOKEN: 'wrong-secret' } });
    const error = await wrong.list().catch((e: unknown) => e);
    expect((error as Error).message).toBe(`the token service 127.0.0.1:${port} refused the credentials in GITHUB_TOKEN (user 'x-access-token', HTTP 401) for scope 'repository:acme/churn:pull'`);
    expect((error as Error).message).not.toContain('wrong-secret');
  });
});
