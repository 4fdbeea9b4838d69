// The kubernetes target drives kubectl through argv and stdin, never a shell: a fake
// `kubectl` on PATH (a real process) records each call's argv and stdin and keeps the last
// applied object, so current() reads back what apply wrote.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KubectlError } from '../../../../shared/src/deploy/kubernetes/kubectl.ts';
import { KubernetesTarget, type KubernetesTargetSpec } from '../../../../shared/src/deploy/targets/kubernetes.ts';

const FAKE = `#!/usr/bin/env node
const fs = require('node:fs');
const yaml = require(process.env.FAKE_KUBECTL_YAML);
const args = process.argv.slice(2);
let stdin = '';
try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
fs.appendFileSync(process.env.FAKE_KUBECTL_LOG, JSON.stringify({ argv: args, stdin }) + '\\n');
const state = process.env.FAKE_KUBECTL_STATE;
if (process.env.FAKE_KUBECTL_FAIL && args.includes(process.env.FAKE_KUBECTL_FAIL)) {
  process.stderr.write('Error from server (Forbidden): admission webhook "policy" denied the request\\n');
  process.exit(1);
}
if (args.includes('apply')) {
  const object = yaml.parse(stdin);
  fs.writeFileSync(state, JSON.stringify(object));
  process.stdout.write(object.kind.toLowerCase() + '/' + object.metadata.name + ' configured\\n');
} else if (args.includes('get')) {
  if (!fs.existsSync(state)) {
    process.stderr.write('Error from server (NotFound): ' + args[args.indexOf('get') + 1] + ' "' + args[args.indexOf('get') + 2] + '" not found\\n');
    process.exit(1);
  }
  process.stdout.write(fs.readFileSync(state, 'utf8'));
} else if (args.includes('rollout')) {
  process.stdout.write('deployment "x" successfully rolled out\\n');
}
`;

interface Call {
  argv: string[];
  stdin: string;
}

let dir = '';
let env: NodeJS.ProcessEnv = {};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipewright-kubectl-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'kubectl'), FAKE);
  chmodSync(join(bin, 'kubectl'), 0o755);
  env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_KUBECTL_LOG: join(dir, 'calls.jsonl'),
    FAKE_KUBECTL_STATE: join(dir, 'state.json'),
    FAKE_KUBECTL_YAML: createRequire(import.meta.url).resolve('yaml'),
  };
  writeFileSync(join(dir, 'calls.jsonl'), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function calls(): Call[] {
  return readFileSync(join(dir, 'calls.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

function target(spec: Partial<KubernetesTargetSpec> = {}, extraEnv: NodeJS.ProcessEnv = {}): KubernetesTarget {
  return new KubernetesTarget({ spec: { namespace: 'ml', deployment: 'churn', ...spec }, stableVersion: 'v1', canaryVersion: 'v2', env: { ...env, ...extraEnv } });
}

describe('kubernetes target with kubectl', () => {
  it('applies the rendered manifest on stdin with `kubectl apply -f -`, and reads the weight back', async () => {
    const t = target({ context: 'prod' });
    expect(await t.current()).toEqual({ stable: 'v1', canary: null, canaryWeight: 0 });
    await t.setWeight(5);
    await t.setWeight(25);
    const [get, apply5, apply25] = calls();
    expect(get!.argv).toEqual(['--context', 'prod', 'get', 'ingress', 'churn-canary', '--namespace', 'ml', '--output', 'json']);
    expect(apply5!.argv).toEqual(['--context', 'prod', 'apply', '--field-manager=pipewright', '--filename', '-']);
    expect(apply5!.stdin).toBe(t.render(5));
    expect(parse(apply25!.stdin).metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('25');
    expect(await t.current()).toEqual({ stable: 'v1', canary: 'v2', canaryWeight: 25 });
    await t.abort();
    expect(await t.current()).toEqual({ stable: 'v1', canary: 'v2', canaryWeight: 0 });
  });

  it('with an image: rolls the canary Deployment out first, and promotes by rolling stable then weight 0', async () => {
    const t = target({ router: 'gateway-api', gateway: 'public', image: 'ghcr.io/acme/churn-server:{{ model.version }}', container: 'model' });
    await t.setWeight(10);
    await t.setWeight(50);
    await t.promote();
    const argv = calls().map((c) => c.argv.join(' '));
    expect(argv).toEqual([
      'set image deployment/churn-canary model=ghcr.io/acme/churn-server:v2 --namespace ml',
      'rollout status deployment/churn-canary --namespace ml --timeout=300s',
      'apply --field-manager=pipewright --filename -',
      'apply --field-manager=pipewright --filename -',
      'set image deployment/churn model=ghcr.io/acme/churn-server:v2 --namespace ml',
      'rollout status deployment/churn --namespace ml --timeout=300s',
      'apply --field-manager=pipewright --filename -',
    ]);
    const last = parse(calls().at(-1)!.stdin);
    expect(last.spec.rules[0].backendRefs.map((r: { weight: number }) => r.weight)).toEqual([100, 0]);
    expect(await t.current()).toEqual({ stable: 'v2', canary: null, canaryWeight: 0 });
  });

  it('a refused apply is a KubectlError quoting kubectl, and the weight it reads is unchanged', async () => {
    const t = target();
    await t.setWeight(5);
    const refused = target({}, { FAKE_KUBECTL_FAIL: 'apply' });
    const error = await refused.setWeight(25).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubectlError);
    expect((error as Error).message).toBe('`kubectl apply --field-manager=pipewright --filename -` failed (exit 1): Error from server (Forbidden): admission webhook "policy" denied the request');
    expect((await t.current()).canaryWeight).toBe(5);
  });

  it('says so when kubectl is not installed, and runs a kubectl command line from the spec as argv', async () => {
    const missing = target({ kubectl: join(dir, 'no-such-kubectl') });
    await expect(missing.setWeight(5)).rejects.toThrow(`'${join(dir, 'no-such-kubectl')}' is not installed or not on PATH`);
    const wrapped = target({ kubectl: `env 'KUBECONFIG=${join(dir, 'my config')}' kubectl` });
    await wrapped.setWeight(5);
    expect(calls().at(-1)!.argv).toEqual(['apply', '--field-manager=pipewright', '--filename', '-']);
  });
});
