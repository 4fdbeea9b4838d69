// Commands and `{{ path.to.value }}` templates. A command line is split into argv first
// (shell-words rules) and each argument is templated afterwards, so no value ever reaches
// a shell or gets split: nothing in a spec, a branch name or a PR title can inject a command.
import { split } from 'shlex';
import type { PipelineSpec } from '@pipewright/schema';
import { CommandLineError, TemplateError } from './diagnostics.ts';

/** One `{{ … }}` in a string: its expression and its [start, end) offsets in that string. */
export interface TemplateRef {
  expression: string;
  start: number;
  end: number;
}

export interface TemplateScan {
  refs: TemplateRef[];
  /** Malformed templates: an unclosed `{{`, an empty or invalid expression. */
  problems: Array<{ message: string; start: number; end: number }>;
}

const EXPRESSION = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;

/** Finds the templates in `text`. */
export function scanTemplates(text: string): TemplateScan {
  const scan: TemplateScan = { refs: [], problems: [] };
  let at = text.indexOf('{{');
  while (at !== -1) {
    const close = text.indexOf('}}', at + 2);
    const nextOpen = text.indexOf('{{', at + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      scan.problems.push({ message: "unclosed template: '{{' without '}}'", start: at, end: close === -1 ? text.length : nextOpen });
      at = nextOpen;
      continue;
    }
    const expression = text.slice(at + 2, close).trim();
    if (!EXPRESSION.test(expression)) {
      const message = expression === '' ? 'empty template: expected a path such as {{ datasets.train.path }}' : `invalid template '{{ ${expression} }}': expected a dotted path such as {{ datasets.train.path }}`;
      scan.problems.push({ message, start: at, end: close + 2 });
    } else {
      scan.refs.push({ expression, start: at, end: close + 2 });
    }
    at = text.indexOf('{{', close + 2);
  }
  return scan;
}

const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/**
 * Splits a command line into argv with shell-words rules (quotes, backslash escapes, no
 * expansion). A `{{ … }}` stays inside the argument it is written in, spaces and all.
 */
export function splitCommand(run: string): string[] {
  const templates: string[] = [];
  const masked = run.replace(/\{\{.*?\}\}/g, (t) => `\uE000${templates.push(t) - 1}\uE001`);
  let argv: string[];
  try {
    argv = split(masked);
  } catch (error) {
    const why = /quot/i.test((error as Error).message) ? 'a quote is not closed' : 'it ends in a lone backslash';
    throw new CommandLineError(`cannot split the command '${run}': ${why}`);
  }
  return argv.map((arg) => arg.replace(PLACEHOLDER, (_m, i: string) => templates[Number(i)]!));
}

/** Looks up a dotted path; undefined when any segment is missing. */
export function lookup(context: unknown, expression: string): unknown {
  let value: unknown = context;
  for (const segment of expression.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Array.isArray(value) ? value[Number(segment)] : (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Replaces every `{{ path }}` in one argument; throws TemplateError when a path resolves to nothing. */
export function renderTemplate(arg: string, context: object): string {
  const scan = scanTemplates(arg);
  const problem = scan.problems[0];
  if (problem) throw new TemplateError(`${problem.message} in '${arg}'`);
  let out = '';
  let last = 0;
  for (const ref of scan.refs) {
    const value = lookup(context, ref.expression);
    if (value === undefined || value === null) throw new TemplateError(`'{{ ${ref.expression} }}' resolves to nothing (in '${arg}')`);
    if (typeof value === 'object') throw new TemplateError(`'{{ ${ref.expression} }}' is a ${Array.isArray(value) ? 'list' : 'mapping'}, not a value (in '${arg}')`);
    out += arg.slice(last, ref.start) + String(value);
    last = ref.end;
  }
  return out + arg.slice(last);
}

/** Splits `run` into argv, then templates each argument. */
export function renderCommand(run: string, context: object): string[] {
  return splitCommand(run).map((arg) => renderTemplate(arg, context));
}

/**
 * The values a spec itself provides to templates: `name`, `datasets.*`, `params.*` and
 * `train.params.*`, `stages.*`. Callers add the run-time roots (`model`, `weight`, `port`, `env`).
 */
export function specTemplateContext(spec: PipelineSpec, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const params = spec.train?.params ?? {};
  return {
    name: spec.name,
    datasets: spec.datasets ?? {},
    params,
    train: { ...spec.train, params },
    stages: spec.stages ?? {},
    ...extra,
  };
}
