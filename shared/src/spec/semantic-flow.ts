// Semantic checks on the flow: stage names and `needs` (unknown steps, cycles), promotion
// gates, and the deploy: target sections, canary weights, analyses and metric providers.
import { entries, isObj, type Obj, type SemanticContext, strings } from './semantic-context.ts';
import { didYouMean } from './suggest.ts';

/** Built-in steps a `needs` may name besides stages. */
const BUILT_IN_STEPS = ['validate', 'train'];

export function checkStages(ctx: SemanticContext): void {
  const stages = isObj(ctx.spec.stages) ? ctx.spec.stages : {};
  const names = Object.keys(stages);
  // Graph of step -> needs, over stages and `train`; `validate` has no needs.
  const graph = new Map<string, Array<{ name: string; path: Array<string | number> }>>();
  const addNeeds = (step: string, owner: Obj, path: Array<string | number>, allowed: string[]) => {
    const list: Array<{ name: string; path: Array<string | number> }> = [];
    strings(owner.needs).forEach((need, i) => {
      const at = [...path, 'needs', i];
      if (need === step) {
        ctx.error('needs-cycle', `'${step}' needs itself`, at);
      } else if (!allowed.includes(need)) {
        ctx.error('unknown-stage', `'needs' names unknown step '${need}'${didYouMean(need, allowed) || ` (steps: ${allowed.join(', ')})`}`, at);
      } else {
        list.push({ name: need, path: at });
      }
    });
    graph.set(step, list);
  };
  for (const [name, stage] of Object.entries(stages)) {
    if (BUILT_IN_STEPS.includes(name)) {
      ctx.error('reserved-stage-name', `'${name}' is a built-in step; name the stage something else`, ['stages', name], 'key');
      continue;
    }
    if (isObj(stage)) addNeeds(name, stage, ['stages', name], [...names, ...BUILT_IN_STEPS]);
  }
  if (isObj(ctx.spec.train)) addNeeds('train', ctx.spec.train, ['train'], [...names, 'validate']);
  reportCycles(ctx, graph);
}

/** Depth-first search; each cycle is reported once, on the `needs` entry that closes it. */
function reportCycles(ctx: SemanticContext, graph: Map<string, Array<{ name: string; path: Array<string | number> }>>): void {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (step: string): void => {
    state.set(step, 'active');
    stack.push(step);
    for (const need of graph.get(step) ?? []) {
      const seen = state.get(need.name);
      if (seen === 'active') {
        const cycle = [...stack.slice(stack.indexOf(need.name)), need.name];
        ctx.error('needs-cycle', `'needs' cycle: ${cycle.join(' → ')}`, need.path);
      } else if (seen === undefined) {
        visit(need.name);
      }
    }
    stack.pop();
    state.set(step, 'done');
  };
  for (const step of graph.keys()) if (!state.has(step)) visit(step);
}

export function checkPromote(ctx: SemanticContext): void {
  const promote = ctx.spec.promote;
  if (!isObj(promote) || !Array.isArray(promote.gates)) return;
  promote.gates.forEach((gate: unknown, i) => {
    if (!isObj(gate)) return;
    const path = ['promote', 'gates', i];
    const metric = typeof gate.metric === 'string' ? `'${gate.metric}'` : `${i + 1}`;
    const hasDelta = gate['min-delta'] !== undefined || gate['max-delta'] !== undefined;
    if (typeof gate.min === 'number' && typeof gate.max === 'number' && gate.min > gate.max) {
      ctx.error('min-above-max', `gate ${metric}: 'min' ${gate.min} is greater than 'max' ${gate.max}`, [...path, 'min']);
    }
    const minD = gate['min-delta'];
    const maxD = gate['max-delta'];
    if (typeof minD === 'number' && typeof maxD === 'number' && minD > maxD) {
      ctx.error('min-above-max', `gate ${metric}: 'min-delta' ${minD} is greater than 'max-delta' ${maxD}`, [...path, 'min-delta']);
    }
    if (hasDelta && gate.vs === undefined) {
      ctx.error('delta-without-vs', `gate ${metric}: a delta needs 'vs' (e.g. 'vs: champion') to compare with`, [...path, gate['min-delta'] !== undefined ? 'min-delta' : 'max-delta'], 'key');
    } else if (gate.vs !== undefined && !hasDelta) {
      ctx.error('gate-without-bound', `gate ${metric}: 'vs' needs 'min-delta' or 'max-delta'`, [...path, 'vs'], 'key');
    } else if (gate.vs === undefined && gate.min === undefined && gate.max === undefined) {
      ctx.error('gate-without-bound', `gate ${metric} sets no bound: add 'min', 'max', or 'vs' with a delta`, path);
    }
  });
}

const TARGET_SECTIONS: Record<string, string | undefined> = { nginx: 'nginx', command: 'command', kubernetes: 'kubernetes' };

export function checkDeploy(ctx: SemanticContext): void {
  const deploy = ctx.spec.deploy;
  if (!isObj(deploy)) return;
  const section = typeof deploy.target === 'string' ? TARGET_SECTIONS[deploy.target] : undefined;
  if (section && deploy[section] === undefined) {
    ctx.error('missing-target-config', `target '${String(deploy.target)}' needs a 'deploy.${section}' section`, ['deploy', 'target']);
  }
  const canary = deploy.canary;
  if (!isObj(canary)) return;
  const metrics = isObj(canary.metrics) ? canary.metrics : {};
  const metricNames = Object.keys(metrics);
  for (const [name, metric] of entries(metrics)) {
    if (!isObj(metric)) continue;
    const providers = ['prometheus', 'http', 'run', 'traffic'].filter((p) => metric[p] !== undefined);
    if (providers.length !== 1) {
      const found = providers.length === 0 ? 'none' : providers.map((p) => `'${p}'`).join(' and ');
      ctx.error('metric-provider', `metric '${name}' needs exactly one provider ('prometheus', 'http', 'run' or 'traffic'), found ${found}`, ['deploy', 'canary', 'metrics', name], 'key');
    }
    if (typeof metric.min === 'number' && typeof metric.max === 'number' && metric.min > metric.max) {
      ctx.error('min-above-max', `metric '${name}': 'min' ${metric.min} is greater than 'max' ${metric.max}`, ['deploy', 'canary', 'metrics', name, 'min']);
    }
  }
  const checkAnalysis = (names: unknown, path: Array<string | number>) => {
    strings(names).forEach((name, j) => {
      if (!metricNames.includes(name)) {
        const hint = didYouMean(name, metricNames) || (metricNames.length ? ` (metrics: ${metricNames.join(', ')})` : ' (no metrics are defined)');
        ctx.error('unknown-metric', `analysis names metric '${name}', not defined under 'deploy.canary.metrics'${hint}`, [...path, j]);
      }
    });
  };
  checkAnalysis(canary.analysis, ['deploy', 'canary', 'analysis']);
  if (!Array.isArray(canary.steps)) return;
  let previous: { weight: number; index: number } | undefined;
  canary.steps.forEach((step: unknown, i) => {
    if (!isObj(step)) return;
    const path = ['deploy', 'canary', 'steps', i];
    if (typeof step.weight === 'number') {
      if (previous && step.weight <= previous.weight) {
        ctx.error('weight-not-increasing', `canary weight ${step.weight} (step ${i + 1}) does not increase on weight ${previous.weight} (step ${previous.index + 1})`, [...path, 'weight']);
      }
      previous = { weight: step.weight, index: i };
    }
    checkAnalysis(step.analysis, [...path, 'analysis']);
  });
  if (previous && previous.weight < 100) {
    ctx.error('weight-never-100', `canary weights end at ${previous.weight}: the last weight must be 100 to finish the rollout`, ['deploy', 'canary', 'steps', previous.index, 'weight']);
  } else if (!previous && canary.steps.length > 0) {
    ctx.error('weight-never-100', 'canary steps set no weight: end with \'- weight: 100\'', ['deploy', 'canary', 'steps']);
  }
}
