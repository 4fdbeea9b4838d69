// deploy.local.serve: a real model server process started from the spec's command line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelServerError, type ServedModel, serveModel, startServedLocalTarget } from '../../../../shared/src/deploy/targets/local-serve.ts';

const SERVER = `
const http = require('node:http');
const args = process.argv.slice(2);
const arg = (name) => args[args.indexOf(name) + 1];
if (args.includes('--crash')) { console.error('model file is corrupt'); process.exit(3); }
const server = http.createServer((req, res) => res.end(JSON.stringify({ version: arg('--version'), dir: arg('--model') })));
setTimeout(() => server.listen(Number(arg('--port')), '127.0.0.1'), Number(arg('--delay') ?? 0));
`;

let dir = '';
const running: ServedModel[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipewright-serve-'));
  writeFileSync(join(dir, 'serve.cjs'), SERVER);
});
afterEach(async () => {
  for (const model of running.splice(0)) await model.stop();
  rmSync(dir, { recursive: true, force: true });
});

const context = (version: string) => ({ model: { version, dir: join(dir, 'model dir') } });

describe('serveModel', () => {
  it('starts the command on a free port with each template inside its own argument, and stops it', async () => {
    const model = await serveModel({ run: `node serve.cjs --model {{ model.dir }} --version {{ model.version }} --port {{ port }} --delay 200`, context: context('v2; rm -rf /'), cwd: dir });
    running.push(model);
    expect(model.address).toBe(`127.0.0.1:${model.port}`);
    const answer = await (await fetch(`http://${model.address}/`)).json();
    expect(answer).toEqual({ version: 'v2; rm -rf /', dir: join(dir, 'model dir') });
    await model.stop();
    await expect(fetch(`http://${model.address}/`)).rejects.toThrow();
    expect(() => process.kill(model.pid, 0)).toThrow();
  });

  it('reports a server that exits, with its output, and one that never listens', async () => {
    const crash = serveModel({ run: 'node serve.cjs --crash --port {{ port }}', context: context('v3'), cwd: dir });
    await expect(crash).rejects.toThrow(ModelServerError);
    await expect(crash).rejects.toThrow(/did not start: it exited with code 3; its output ends: model file is corrupt/);
    const silent = serveModel({ run: 'node -e "setInterval(() => {}, 1000)" {{ port }}', context: context('v4'), cwd: dir, readyTimeoutMs: 500 });
    await expect(silent).rejects.toThrow(/did not listen on 127\.0\.0\.1:\d+ within 500 ms and was stopped/);
    await expect(serveModel({ run: 'no-such-model-server --port {{ port }}', context: context('v5'), cwd: dir })).rejects.toThrow("did not start: 'no-such-model-server' was not found");
  });
});

describe('startServedLocalTarget', () => {
  it('starts a server per version behind the proxy, and close() stops them after draining', async () => {
    const target = await startServedLocalTarget({
      serve: 'node serve.cjs --model {{ model.dir }} --version {{ model.version }} --port {{ port }}',
      stable: { version: 'v1', dir: join(dir, 'v1') },
      canary: { version: 'v2', dir: join(dir, 'v2') },
      cwd: dir,
      port: 0,
    });
    let closed = false;
    try {
      expect(await target.current()).toEqual({ stable: 'v1', canary: 'v2', canaryWeight: 0 });
      await target.setWeight(50);
      const versions: string[] = [];
      for (let i = 0; i < 10; i++) versions.push(((await (await fetch(`${target.url}/`)).json()) as { version: string }).version);
      expect(versions.filter((v) => v === 'v2')).toHaveLength(5);
      expect(versions.filter((v) => v === 'v1')).toHaveLength(5);
      expect(await (await fetch(`${target.url}/.pipewright/metrics`)).text()).toContain('http_requests_total{variant="canary",code="200"} 5\n');
      await target.close();
      closed = true;
      await expect(fetch(`${target.url}/`)).rejects.toThrow();
    } finally {
      if (!closed) await target.close();
    }
    expect(processesMentioning(dir)).toEqual([]);
  });

  it('stops the server it started when the other one cannot start', async () => {
    await expect(
      startServedLocalTarget({ serve: `node serve.cjs --tag ${dir} --version {{ model.version }} --port {{ port }} {{ model.dir }}`, stable: { version: 'v1', dir: '--crash' }, canary: { version: 'v2', dir: '--ok' }, cwd: dir, port: 0 }),
    ).rejects.toThrow(/model server for v1 .* did not start: it exited with code 3/);
    expect(processesMentioning(dir)).toEqual([]);
  });
});

/** Command lines of running processes that mention `marker`. */
function processesMentioning(marker: string): string[] {
  return execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('serve.cjs') && line.includes(marker));
}
