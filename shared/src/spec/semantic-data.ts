// Semantic checks on datasets and drift: `like` targets and cycles, sources, column rules
// (min/max order, patterns, dates), table checks naming declared columns.
import { entries, isObj, type Obj, type SemanticContext, strings } from './semantic-context.ts';
import { didYouMean } from './suggest.ts';

function datasetNames(ctx: SemanticContext): string[] {
  return entries(ctx.spec.datasets).map(([name]) => name);
}

function unknownDataset(ctx: SemanticContext, name: string, path: Array<string | number>, role: string): void {
  const known = datasetNames(ctx);
  const list = known.length ? `defined: ${known.join(', ')}` : 'the spec defines no datasets';
  ctx.error('unknown-dataset', `${role} names unknown dataset '${name}'${didYouMean(name, known) || ` (${list})`}`, path);
}

/**
 * The columns each dataset's contract declares after `like` (undefined when none are),
 * remembered along the way so a long chain is walked once, not once per dataset on it.
 */
export function declaredColumnsOf(datasets: Obj): (name: string) => string[] | undefined {
  const known = new Map<string, string[] | undefined>();
  return (name) => {
    const walked: string[] = [];
    const seen = new Set<string>();
    let current: string | undefined = name;
    let found: string[] | undefined;
    while (current !== undefined && !seen.has(current)) {
      if (known.has(current)) {
        found = known.get(current);
        break;
      }
      const dataset: unknown = datasets[current];
      if (!isObj(dataset)) break;
      walked.push(current);
      seen.add(current);
      if (isObj(dataset.columns)) {
        found = Object.keys(dataset.columns);
        break;
      }
      current = typeof dataset.like === 'string' ? dataset.like : undefined;
    }
    for (const n of walked) known.set(n, found);
    return found;
  };
}

function isDateLike(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value));
}

function checkColumn(ctx: SemanticContext, path: Array<string | number>, column: Obj): void {
  const type = column.type;
  const numeric = type === 'integer' || type === 'number';
  const dated = type === 'date' || type === 'timestamp';
  for (const bound of ['min', 'max'] as const) {
    const value = column[bound];
    if (numeric && typeof value === 'string') {
      ctx.error('wrong-type', `expected a number for '${bound}' of ${type} column '${String(path[path.length - 1])}', found '${value}'`, [...path, bound]);
    } else if (dated && typeof value === 'string' && !isDateLike(value)) {
      ctx.error('invalid-date', `expected an ISO date such as '2024-01-31' for '${bound}' of ${type} column '${String(path[path.length - 1])}', found '${value}'`, [...path, bound]);
    }
  }
  const { min, max } = column;
  const comparable = (typeof min === 'number' && typeof max === 'number') || (typeof min === 'string' && typeof max === 'string' && isDateLike(min) && isDateLike(max));
  if (comparable && (typeof min === 'number' ? min > (max as number) : Date.parse(min as string) > Date.parse(max as string))) {
    ctx.error('min-above-max', `'min' ${String(min)} is greater than 'max' ${String(max)}: no value can pass`, [...path, 'min']);
  }
  if (isObj(column.length) && typeof column.length.min === 'number' && typeof column.length.max === 'number' && column.length.min > column.length.max) {
    ctx.error('min-above-max', `length 'min' ${column.length.min} is greater than 'max' ${column.length.max}`, [...path, 'length', 'min']);
  }
  if (typeof column.pattern === 'string') {
    try {
      new RegExp(column.pattern);
    } catch (error) {
      const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '');
      ctx.error('invalid-pattern', `'pattern' is not a valid regular expression: ${reason}`, [...path, 'pattern']);
    }
  }
  if (type && type !== 'string' && column.pattern !== undefined) {
    ctx.warning('pattern-on-non-string', `'pattern' applies to string values, but column '${String(path[path.length - 1])}' is ${String(type)}`, [...path, 'pattern'], 'key');
  }
}

function checkTableChecks(ctx: SemanticContext, path: Array<string | number>, checks: Obj, columns: string[] | undefined): void {
  const rowCount = checks['row-count'];
  if (isObj(rowCount) && typeof rowCount.min === 'number' && typeof rowCount.max === 'number' && rowCount.min > rowCount.max) {
    ctx.error('min-above-max', `row-count 'min' ${rowCount.min} is greater than 'max' ${rowCount.max}`, [...path, 'row-count', 'min']);
  }
  if (!columns) return;
  const duplicates = checks.duplicates;
  if (isObj(duplicates)) {
    strings(duplicates.columns).forEach((name, i) => {
      if (!columns.includes(name)) {
        ctx.error('unknown-column', `duplicates names undeclared column '${name}'${didYouMean(name, columns)}`, [...path, 'duplicates', 'columns', i]);
      }
    });
  }
  const freshness = checks.freshness;
  if (isObj(freshness) && typeof freshness.column === 'string' && !columns.includes(freshness.column)) {
    ctx.error('unknown-column', `freshness names undeclared column '${freshness.column}'${didYouMean(freshness.column, columns)}`, [...path, 'freshness', 'column']);
  }
}

/** The dataset a dataset is `like`, when it names one. */
function likeOf(datasets: Obj, name: string): string | undefined {
  const dataset = datasets[name];
  return isObj(dataset) && typeof dataset.like === 'string' ? dataset.like : undefined;
}

/**
 * `like` targets that do not exist, and each `like` cycle once, on its first dataset in the
 * spec. Each dataset names at most one base, so one walk per dataset that stops at any dataset
 * already walked keeps this linear, however long the chains.
 */
function checkLikeChains(ctx: SemanticContext, datasets: Obj): void {
  const order = new Map(Object.keys(datasets).map((name, i) => [name, i]));
  const walked = new Set<string>();
  for (const name of order.keys()) {
    const base = likeOf(datasets, name);
    if (base !== undefined && !Object.hasOwn(datasets, base)) unknownDataset(ctx, base, ['datasets', name, 'like'], `dataset '${name}': 'like'`);
    const path = new Map<string, number>();
    let current: string | undefined = name;
    while (current !== undefined && Object.hasOwn(datasets, current) && !walked.has(current) && !path.has(current)) {
      path.set(current, path.size);
      current = likeOf(datasets, current);
    }
    const names = [...path.keys()];
    for (const n of names) walked.add(n);
    if (current === undefined || !path.has(current)) continue;
    // A new cycle: the walk came back to a dataset of its own path.
    const members = names.slice(path.get(current));
    const first = members.reduce((a, b) => (order.get(a)! <= order.get(b)! ? a : b));
    const chain = [...members.slice(members.indexOf(first)), ...members.slice(0, members.indexOf(first)), first];
    ctx.error('like-cycle', `'like' cycle: ${chain.join(' → ')}`, ['datasets', first, 'like']);
  }
}

export function checkDatasets(ctx: SemanticContext): void {
  const datasets = isObj(ctx.spec.datasets) ? ctx.spec.datasets : {};
  checkLikeChains(ctx, datasets);
  const columns = declaredColumnsOf(datasets);
  for (const [name, dataset] of Object.entries(datasets)) {
    if (!isObj(dataset)) continue;
    const path = ['datasets', name];
    if (dataset.path === undefined && dataset.sql === undefined) {
      ctx.error('missing-source', `dataset '${name}' has neither 'path' nor 'sql' (they are not inherited through 'like')`, path, 'key');
    } else if (dataset.path !== undefined && dataset.sql !== undefined) {
      ctx.error('conflicting-source', `dataset '${name}' has both 'path' and 'sql': keep one`, [...path, 'sql'], 'key');
    }
    for (const [column, contract] of entries(dataset.columns)) {
      if (isObj(contract)) checkColumn(ctx, [...path, 'columns', column], contract);
    }
    if (isObj(dataset.checks)) checkTableChecks(ctx, [...path, 'checks'], dataset.checks, columns(name));
  }
}

export function checkDrift(ctx: SemanticContext): void {
  const drift = ctx.spec.drift;
  if (!isObj(drift)) return;
  const datasets = isObj(ctx.spec.datasets) ? ctx.spec.datasets : {};
  for (const role of ['reference', 'current'] as const) {
    const name = drift[role];
    if (typeof name === 'string' && !Object.hasOwn(datasets, name)) unknownDataset(ctx, name, ['drift', role], `drift '${role}'`);
  }
  const reference = typeof drift.reference === 'string' ? declaredColumnsOf(datasets)(drift.reference) : undefined;
  if (reference) {
    strings(drift.columns).forEach((name, i) => {
      if (!reference.includes(name)) ctx.error('unknown-column', `drift names column '${name}', not declared in the reference dataset${didYouMean(name, reference)}`, ['drift', 'columns', i]);
    });
  }
}
