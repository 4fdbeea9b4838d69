// The nginx target's rendering and the command target run for real (argv, never a shell);
// what the spec checker says about canary steps and the background analysis.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSpecText } from '../../../shared/src/spec/check.ts';
import type { PipelineSpec } from '../../../schema/src/index.ts';
import { CommandTarget, createTarget, defaultTestArgv, mirrorBlock, NginxTarget, parseWritten, upstreamBlock } from '../../../shared/src/deploy/targets/index.ts';
import { KubernetesTarget } from '../../../shared/src/deploy/targets/kubernetes.ts';

describe('nginx target rendering', () => {
  const options = { upstream: 'churn', stable: '127.0.0.1:8001', canary: '127.0.0.1:8002' };
  const state = (canaryWeight: number, promoted = false) => ({ stable: 'v2', canary: 'v3', canaryWeight, promoted, generation: 'g1' });

  it('splits by weight, marks a weight of 0 as down (nginx refuses weight=0), and reads back what it wrote', () => {
    const text = upstreamBlock(options, state(25));
    expect(text).toContain('upstream churn {\n    server 127.0.0.1:8001 weight=75;\n    server 127.0.0.1:8002 weight=25;\n}');
    expect(upstreamBlock(options, state(0))).toContain('server 127.0.0.1:8001 weight=100;\n    server 127.0.0.1:8002 down;');
    expect(upstreamBlock(options, state(0, true))).toContain('server 127.0.0.1:8001 down;\n    server 127.0.0.1:8002 weight=100;');
    expect(parseWritten(text)).toEqual(state(25));
    expect(parseWritten('upstream churn { server a:1; }')).toBeNull();
  });

  it('adds the generation server only with confirm', () => {
    expect(upstreamBlock(options, state(5))).not.toContain('listen');
    expect(upstreamBlock({ ...options, confirm: '127.0.0.1:8089' }, state(5))).toContain('listen 127.0.0.1:8089;\n    location = /pipewright-generation {\n        default_type text/plain;\n        return 200 "g1 5\\n";');
  });

  it('derives the test command from the reload command', () => {
    expect(defaultTestArgv(['nginx', '-s', 'reload'])).toEqual(['nginx', '-t']);
    expect(defaultTestArgv(['nginx', '-p', '/srv', '-c', 'n.conf', '-s', 'reload'])).toEqual(['nginx', '-p', '/srv', '-c', 'n.conf', '-t']);
    expect(defaultTestArgv(['systemctl', 'reload', 'nginx'])).toEqual([]);
  });

  it('writes the mirror location only while mirroring', () => {
    expect(mirrorBlock('/pipewright-mirror', '127.0.0.1:9000')).toContain('mirror /pipewright-mirror;\nmirror_request_body on;\nlocation = /pipewright-mirror {\n    internal;\n    proxy_pass http://127.0.0.1:9000$request_uri;\n}');
    expect(mirrorBlock('/pipewright-mirror', null)).not.toContain('mirror /');
  });
});

describe('command target', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pw-command-target-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const record = `${process.execPath} -e "require('fs').appendFileSync(process.argv[1], process.argv.slice(2).join(' ') + '\\n')" log.txt`;
  const target = (keys: { promote?: string; abort?: string; rollback?: string }) =>
    new CommandTarget({ setWeight: `${record} set {{ weight }} {{ model.version }}`, ...keys, context: { name: 'churn' }, stableVersion: 'v2', canaryVersion: 'v3', modelName: 'churn', cwd: dir, env: process.env });

  it('templates each argument after splitting: a value with spaces or shell syntax stays one argument', async () => {
    const t = new CommandTarget({ setWeight: `${record} "{{ name }}" {{ weight }}`, context: { name: 'a b; rm -rf /' }, stableVersion: 'v2', canaryVersion: 'v3', modelName: 'churn', cwd: dir, env: process.env });
    await t.setWeight(10);
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('a b; rm -rf / 10\n');
  });

  it('uses promote and abort when given, the older rollback key next, and set-weight otherwise', async () => {
    await target({ promote: `${record} promote {{ model.version }}`, abort: `${record} abort` }).promote();
    await target({ promote: `${record} promote`, abort: `${record} abort` }).abort();
    await target({ rollback: `${record} rollback` }).abort();
    const plain = target({});
    await plain.setWeight(25);
    await plain.abort();
    await plain.promote();
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('promote v3\nabort\nrollback\nset 25 v3\nset 0 v3\nset 100 v3\n');
    expect(await plain.current()).toEqual({ stable: 'v3', canary: null, canaryWeight: 0 });
  });

  it('a failing or missing command is a named error with its output', async () => {
    const failing = new CommandTarget({ setWeight: `${process.execPath} -e "console.error('no such release'); process.exit(3)"`, context: {}, stableVersion: 'v2', canaryVersion: 'v3', modelName: 'churn', cwd: dir, env: process.env });
    await expect(failing.setWeight(5)).rejects.toMatchObject({ code: 'command-failed', message: expect.stringMatching(/^deploy\.command\.set-weight \(.*\) exited 3: no such release$/) });
    const missing = new CommandTarget({ setWeight: 'helm-not-here upgrade', context: {}, stableVersion: 'v2', canaryVersion: 'v3', modelName: 'churn', cwd: dir, env: process.env });
    await expect(missing.setWeight(5)).rejects.toMatchObject({ code: 'command-not-found', message: "deploy.command.set-weight: 'helm-not-here' is not installed or not on PATH (runs 'helm-not-here upgrade')" });
    await expect(missing.setWeight(101)).rejects.toMatchObject({ code: 'invalid-weight' });
  });
});

describe('spec checks for canaries', () => {
  const spec = (canary: string) => `version: 1\nname: churn\ndeploy:\n  target: local\n  canary:\n${canary}`;
  const codes = (text: string) => checkSpecText(text, 'pipewright.yaml').filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

  it('names a background analysis metric that is not defined, with a suggestion', () => {
    const text = spec('    steps: [{ weight: 100 }]\n    analysis: [eror-rate]\n    metrics:\n      error-rate: { run: "true" }\n');
    expect(codes(text)).toEqual(["unknown-metric 7:16 analysis names metric 'eror-rate', not defined under 'deploy.canary.metrics' — did you mean 'error-rate'?"]);
  });

  it('refuses weights that do not increase or go above 100, and accepts {{ variant }} in a query', () => {
    expect(codes(spec('    steps: [{ weight: 30 }, { weight: 20 }, { weight: 100 }]\n'))[0]).toMatch(/^weight-not-increasing 6:39 canary weight 20 \(step 2\)/);
    expect(codes(spec('    steps: [{ weight: 150 }]\n')).join('\n')).toMatch(/150|100/);
    const variant = spec('    steps: [{ weight: 100 }]\n    metrics:\n      latency:\n        prometheus: { address: "http://127.0.0.1:9090", query: \'sum(rate(x{variant="{{ variant }}"}[1m]))\' }\n        compare: stable\n');
    expect(codes(variant)).toEqual([]);
  });
});

describe('the target a spec names', () => {
  const spec = (deploy: Record<string, unknown>) => ({ version: 1, name: 'churn', deploy }) as unknown as PipelineSpec;
  const ctx = (deploy: Record<string, unknown>) => ({ spec: spec(deploy), workspace: '/srv/ws', canaryVersion: 'v3', stableVersion: 'v2', env: {} });

  it('builds nginx with its path in the workspace, the default test command and the spec name as upstream', async () => {
    const target = await createTarget(ctx({ target: 'nginx', nginx: { config: 'conf/up.conf', stable: '127.0.0.1:8001', canary: '127.0.0.1:8002', reload: 'nginx -p /srv -s reload' } }));
    expect(target).toBeInstanceOf(NginxTarget);
    expect((target as unknown as { options: Record<string, unknown> }).options).toMatchObject({ config: '/srv/ws/conf/up.conf', upstream: 'churn', test: ['nginx', '-p', '/srv', '-t'] });
  });

  it('refuses what it cannot run, by name', async () => {
    await expect(createTarget(ctx({ target: 'nginx', nginx: { config: 'up.conf', stable: 'a:1', canary: 'b:2', reload: 'systemctl reload nginx' } }))).rejects.toMatchObject({
      code: 'deploy-spec',
      message: "deploy.nginx.reload 'systemctl reload nginx' has no '-s reload' to turn into a test: set deploy.nginx.test (e.g. 'nginx -t')",
    });
    await expect(createTarget(ctx({ target: 'command' }))).rejects.toThrow("deploy.target is 'command' but the spec has no 'deploy.command' section");
  });

  it('builds the kubernetes target from its section: the router chosen renders the split', async () => {
    const target = await createTarget(ctx({ target: 'kubernetes', kubernetes: { deployment: 'churn', namespace: 'ml', host: 'churn.example.com' } }));
    expect(target).toBeInstanceOf(KubernetesTarget);
    expect((target as KubernetesTarget).render(25)).toContain('nginx.ingress.kubernetes.io/canary-weight: "25"');
  });
});

