// A registry writer that a test SIGKILLs: it kills itself at the named fault point
// (or runs to the end when the point is 'none', for a parent that kills it at random).
// argv: URL WORKSPACE push|alias CRASH_POINT
import { join } from 'node:path';
import { openRegistry } from '../../shared/src/registry/index.ts';
import { card, fixtures } from '../core/registry/helpers.ts';

const [url, workspace, action, crashAt] = process.argv.slice(2);
const registry = openRegistry(url!, {
  workspace: workspace!,
  env: {},
  faults: (point) => {
    if (point === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('started\n');
if (action === 'push') await registry.push(card('run-2', { accuracy: 0.9 }), join(fixtures, 'model-v2'));
else if (action === 'loop') {
  for (let i = 0; ; i++) {
    await registry.push(card(`run-loop-${i}`), join(fixtures, i % 2 ? 'model-v1' : 'model-v2'));
    await registry.moveAlias('champion', i % 2 ? 'v1' : 'v2', { actor: 'child', reason: `loop ${i}` });
  }
} else await registry.moveAlias('champion', 'v2', { actor: 'child', reason: 'crash test' });
