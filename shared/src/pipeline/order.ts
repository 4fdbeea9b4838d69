// The order in which a pipeline's steps run: `validate`, the stages by `needs`, then `train`.
import type { PipelineSpec } from '@pipewright/schema';

/**
 * Topological order over stages and the built-in steps, ties broken by declaration order
 * so a run is reproducible. The spec checker has already refused unknown needs and cycles.
 */
export function stepOrder(spec: PipelineSpec): string[] {
  const needs = new Map<string, string[]>([['validate', []]]);
  for (const [name, stage] of Object.entries(spec.stages ?? {})) needs.set(name, stage.needs ?? ['validate']);
  if (spec.train) needs.set('train', spec.train.needs ?? ['validate']);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < needs.size) {
    const ready = [...needs].find(([name, deps]) => !done.has(name) && deps.every((d) => done.has(d) || !needs.has(d)));
    if (!ready) throw new Error(`cycle among steps: ${[...needs.keys()].filter((n) => !done.has(n)).join(', ')}`);
    order.push(ready[0]);
    done.add(ready[0]);
  }
  return order;
}
