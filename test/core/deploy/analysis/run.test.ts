// The run provider with real scripts: exit codes, a number on the last line against
// min/max, and a hanging script whose whole process group is killed at the timeout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMetric } from '../../../../shared/src/deploy/analysis/index.ts';
import { TemplateError } from '../../../../shared/src/spec/diagnostics.ts';
import { alive, scriptDir } from './workspace.ts';

const ws = scriptDir();
afterAll(() => ws.remove());

async function once(spec: Parameters<typeof runMetric>[1]) {
  const result = await runMetric('check', spec, ws.context());
  expect(result.measurements).toHaveLength(1);
  return result.measurements[0]!;
}

describe('run provider', () => {
  it('passes a command that exits 0', async () => {
    ws.script('ok.sh', '#!/bin/sh\necho all good\n');
    const m = await once({ run: './ok.sh' });
    expect(m).toMatchObject({ metric: 'check', verdict: 'pass', value: null, detail: "'./ok.sh' exited 0" });
  });

  it('fails a command that exits non-zero, with what it said last', async () => {
    ws.script('bad.sh', '#!/bin/sh\necho checking\necho "3 of 10 probes failed" >&2\nexit 3\n');
    const m = await once({ run: './bad.sh' });
    expect(m.verdict).toBe('fail');
    expect(m.detail).toBe("'./bad.sh' exited 3: 3 of 10 probes failed");
  });

  it('judges the number on the last output line by min and max', async () => {
    ws.script('rate.sh', '#!/bin/sh\necho "measuring $1"\necho "$1"\n');
    expect(await once({ run: './rate.sh 0.004', max: 0.01 })).toMatchObject({ verdict: 'pass', value: 0.004, detail: '0.004 ≤ max 0.01' });
    expect(await once({ run: './rate.sh 0.21', max: 0.01 })).toMatchObject({ verdict: 'fail', value: 0.21, detail: '0.21 > max 0.01' });
    expect(await once({ run: './rate.sh 0.5', min: 0.9 })).toMatchObject({ verdict: 'fail', value: 0.5, detail: '0.5 < min 0.9' });
    expect(await once({ run: './rate.sh NaN', max: 1 })).toMatchObject({ verdict: 'inconclusive', value: null, detail: "'./rate.sh' printed NaN" });
    const words = await once({ run: './rate.sh fine', max: 1 });
    expect(words.verdict).toBe('inconclusive');
    expect(words.detail).toBe("'./rate.sh' exited 0 but its last output line is not a number for min/max: 'fine'");
  });

  it('kills a hanging command and everything it started at the timeout: inconclusive', async () => {
    ws.script('hang.sh', '#!/bin/sh\nsleep 300 &\necho $! > child.pid\nsleep 300\n');
    const m = await once({ run: './hang.sh', timeout: '500ms' });
    expect(m).toMatchObject({ verdict: 'inconclusive', value: null, detail: "'./hang.sh' did not finish within 500 ms: its process group was killed" });
    const grandchild = Number(readFileSync(join(ws.dir, 'child.pid'), 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    // The group got SIGTERM; wait for the kernel to reap it rather than sleeping a fixed time.
    for (let i = 0; i < 100 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(grandchild)).toBe(false);
  });

  it('a command that traps SIGTERM is SIGKILLed after the grace period', async () => {
    ws.script('stubborn.sh', "#!/bin/sh\ntrap '' TERM\nwhile :; do sleep 0.05; done\n");
    const m = await once({ run: './stubborn.sh', timeout: '300ms' });
    expect(m.verdict).toBe('inconclusive');
    expect(m.detail).toContain('its process group was killed');
  });

  it('passes templated arguments as argv, never through a shell', async () => {
    ws.script('args.sh', '#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done > args.txt\necho "$PIPEWRIGHT_CANARY_VERSION $PIPEWRIGHT_STABLE_VERSION $PIPEWRIGHT_CANARY_WEIGHT" >> args.txt\n');
    const ctx = ws.context({ canaryVersion: 'v3; touch pwned', weight: 25 });
    const result = await runMetric('check', { run: './args.sh --version "{{ model.version }}" $(id) {{ weight }}' }, ctx);
    expect(result.verdict).toBe('pass');
    expect(readFileSync(join(ws.dir, 'args.txt'), 'utf8')).toBe('[--version]\n[v3; touch pwned]\n[$(id)]\n[25]\nv3; touch pwned v2 25\n');
  });

  it('a command that cannot start is inconclusive; a template naming nothing is a spec error', async () => {
    const m = await once({ run: './missing.sh' });
    expect(m).toMatchObject({ verdict: 'inconclusive', detail: "cannot start './missing.sh': ENOENT" });
    await expect(runMetric('check', { run: './ok.sh {{ model.nope }}' }, ws.context())).rejects.toThrow(TemplateError);
  });
});
