// Semantic checks on what strings point at: `{{ template }}` references, paths that must stay
// in the workspace, and script files a `run` names (a warning when missing).
import { isAbsolute, resolve } from 'node:path';
import { isInsideWorkspace } from '../workspace/index.ts';
import { CommandLineError } from './diagnostics.ts';
import { entries, isObj, type SemanticContext, strings } from './semantic-context.ts';
import { didYouMean } from './suggest.ts';
import { lookup, scanTemplates, splitCommand } from './template.ts';

type Path = Array<string | number>;

const ROOTS = ['name', 'datasets', 'params', 'train', 'stages', 'env', 'model', 'weight', 'port', 'variant'];
const MODEL_KEYS = ['version', 'name', 'digest', 'dir'];
/** Keys whose strings are never templated. */
const NOT_TEMPLATED = new Set(['pattern', 'description']);

function describeResolved(expression: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return `'{{ ${expression} }}' resolves to nothing`;
  if (typeof value === 'object') return `'{{ ${expression} }}' is a ${Array.isArray(value) ? 'list' : 'mapping'}, not a value`;
  return undefined;
}

/** Why `expression` cannot resolve where it is used, or undefined when it can. */
function templateProblem(ctx: SemanticContext, expression: string, section: string): string | undefined {
  const [root = '', ...rest] = expression.split('.');
  const inDeploy = section === 'deploy';
  switch (root) {
    case 'name':
      return rest.length ? `'{{ ${expression} }}': 'name' is a value, not a mapping` : describeResolved(expression, ctx.spec.name);
    case 'datasets': {
      const datasets = isObj(ctx.spec.datasets) ? ctx.spec.datasets : {};
      const name = rest[0];
      if (name === undefined) return `'{{ ${expression} }}' is a mapping, not a value`;
      if (!Object.hasOwn(datasets, name)) return `'{{ ${expression} }}' names unknown dataset '${name}'${didYouMean(name, Object.keys(datasets))}`;
      return describeResolved(expression, lookup(datasets, rest.join('.')));
    }
    case 'params':
    case 'train': {
      const train = isObj(ctx.spec.train) ? ctx.spec.train : {};
      const value = lookup(root === 'params' ? { params: train.params } : { train }, expression);
      if (value === undefined && (root === 'params' || rest[0] === 'params')) {
        const key = root === 'params' ? rest.join('.') : rest.slice(1).join('.');
        return `'{{ ${expression} }}' names unknown parameter '${key}' (not under 'train.params')${didYouMean(key, Object.keys(isObj(train.params) ? train.params : {}))}`;
      }
      return describeResolved(expression, value);
    }
    case 'stages':
      return describeResolved(expression, lookup({ stages: ctx.spec.stages }, expression));
    case 'env':
      return rest.length === 1 ? undefined : `'{{ ${expression} }}': expected '{{ env.NAME }}'`;
    case 'model':
      if (!inDeploy) return `'{{ ${expression} }}' is only known when deploying: use it under 'deploy'`;
      return rest.length === 1 && MODEL_KEYS.includes(rest[0]!) ? undefined : `'{{ ${expression} }}': expected one of ${MODEL_KEYS.map((k) => `model.${k}`).join(', ')}`;
    case 'weight':
    case 'port':
    case 'variant':
      if (!inDeploy) return `'{{ ${root} }}' is only known when deploying: use it under 'deploy'`;
      return rest.length ? `'{{ ${expression} }}': '${root}' is a value, not a mapping` : undefined;
    default:
      return `unknown template root '${root}' in '{{ ${expression} }}'${didYouMean(root, ROOTS) || `: expected one of ${ROOTS.join(', ')}`}`;
  }
}

/** Walks every string; `path` is one mutable stack, copied only when something is reported. */
function checkTemplatesIn(ctx: SemanticContext, value: unknown, path: Path): void {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return;
    const scan = scanTemplates(value);
    const at = [...path];
    for (const problem of scan.problems) ctx.reportInValue('error', 'template-syntax', problem.message, at, value.slice(problem.start, problem.end));
    for (const ref of scan.refs) {
      const problem = templateProblem(ctx, ref.expression, String(path[0]));
      if (problem) ctx.reportInValue('error', 'unknown-template-ref', problem, at, value.slice(ref.start, ref.end));
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkTemplatesIn(ctx, value[i], path);
      path.pop();
    }
  } else if (isObj(value)) {
    for (const key in value) {
      if (NOT_TEMPLATED.has(key)) continue;
      path.push(key);
      checkTemplatesIn(ctx, value[key], path);
      path.pop();
    }
  }
}

export function checkTemplates(ctx: SemanticContext): void {
  checkTemplatesIn(ctx, ctx.spec, []);
}

function checkPath(ctx: SemanticContext, value: unknown, path: Path): void {
  if (typeof value !== 'string' || value.includes('{{') || value === '') return;
  if (!isInsideWorkspace(ctx.workspace, value)) {
    ctx.error('path-escape', `path '${value}' ${isAbsolute(value) ? 'is' : 'resolves'} outside the workspace: paths in a spec stay inside its directory`, path);
  }
}

export function checkPaths(ctx: SemanticContext): void {
  for (const [name, dataset] of entries(ctx.spec.datasets)) {
    if (!isObj(dataset)) continue;
    checkPath(ctx, dataset.path, ['datasets', name, 'path']);
    if (isObj(dataset.sql)) checkPath(ctx, dataset.sql.database, ['datasets', name, 'sql', 'database']);
  }
  for (const [name, stage] of entries(ctx.spec.stages)) {
    if (!isObj(stage)) continue;
    for (const key of ['inputs', 'outputs']) {
      strings(stage[key]).forEach((p, i) => {
        checkPath(ctx, p, ['stages', name, key, i]);
      });
    }
  }
  const train = ctx.spec.train;
  if (isObj(train)) for (const key of ['metrics', 'artifact']) checkPath(ctx, train[key], ['train', key]);
}

const SCRIPT = /\.(?:py|sh|bash|r|R|js|mjs|cjs|ts|rb|pl|jl|ipynb)$/;

/** The script file a command runs, if it names one: `./check.sh …` or `python3 train.py …`. */
function scriptOf(argv: string[]): string | undefined {
  const [program, ...args] = argv;
  if (program === undefined || program.includes('{{')) return undefined;
  if (program.includes('/') || SCRIPT.test(program)) return program;
  for (const arg of args) {
    if (arg === '-m' || arg === '-c' || arg === '-e') return undefined;
    if (arg.startsWith('-')) continue;
    return SCRIPT.test(arg) && !arg.includes('{{') ? arg : undefined;
  }
  return undefined;
}

function checkCommand(ctx: SemanticContext, run: unknown, path: Path): void {
  if (typeof run !== 'string') return;
  let argv: string[];
  try {
    argv = splitCommand(run);
  } catch (error) {
    if (error instanceof CommandLineError) ctx.error('invalid-command', error.message, path);
    return;
  }
  const script = scriptOf(argv);
  if (script === undefined || !isInsideWorkspace(ctx.workspace, script)) return;
  if (!ctx.fileExists(resolve(ctx.workspace, script))) {
    ctx.reportInValue('warning', 'missing-script', `script '${script}' does not exist in the workspace (yet)`, path, script);
  }
}

export function checkCommands(ctx: SemanticContext): void {
  for (const [name, stage] of entries(ctx.spec.stages)) if (isObj(stage)) checkCommand(ctx, stage.run, ['stages', name, 'run']);
  if (isObj(ctx.spec.train)) checkCommand(ctx, ctx.spec.train.run, ['train', 'run']);
  const deploy = isObj(ctx.spec.deploy) ? ctx.spec.deploy : {};
  const canary = isObj(deploy.canary) ? deploy.canary : {};
  for (const [name, metric] of entries(canary.metrics)) if (isObj(metric)) checkCommand(ctx, metric.run, ['deploy', 'canary', 'metrics', name, 'run']);
  if (isObj(deploy.local)) checkCommand(ctx, deploy.local.serve, ['deploy', 'local', 'serve']);
  if (isObj(deploy.command)) for (const key of ['set-weight', 'promote', 'abort', 'rollback']) checkCommand(ctx, deploy.command[key], ['deploy', 'command', key]);
  if (isObj(deploy.nginx)) for (const key of ['reload', 'test']) checkCommand(ctx, deploy.nginx[key], ['deploy', 'nginx', key]);
  if (isObj(deploy.kubernetes)) checkCommand(ctx, deploy.kubernetes.kubectl, ['deploy', 'kubernetes', 'kubectl']);
}
