// A dataset's effective contract: its own keys over those of the dataset it is `like`.
import type { PipelineSpec } from '@pipewright/schema';
import type { DatasetContract } from '../data/types.ts';
import { excerpt, excerptList, PipewrightError } from '../errors.ts';

/** The keys `like:` passes on. Sources (`path`, `format`, `sql`) are never inherited. */
const INHERITED = ['strict', 'columns', 'checks'] as const;

/** A dataset name that is not in the spec, or a `like` chain that loops. */
export class DatasetNotFoundError extends PipewrightError {
  constructor(message: string) {
    super('unknown-dataset', message, { exitCode: 2 });
  }
}

/**
 * Resolves `datasets.<name>` with `like:`: each of `strict`, `columns`, `checks` comes from the
 * nearest dataset in the chain that sets it (whole keys replace, they are not merged);
 * `path`, `format` and `sql` come from the dataset itself only.
 */
export function datasetContract(spec: PipelineSpec, name: string): DatasetContract {
  const datasets = spec.datasets ?? {};
  const own = Object.hasOwn(datasets, name) ? datasets[name] : undefined;
  if (!own) {
    const known = Object.keys(datasets);
    throw new DatasetNotFoundError(`unknown dataset '${excerpt(name)}': the spec defines ${known.length ? excerptList(known.map((k) => `'${k}'`)) : 'no datasets'}`);
  }
  const contract: DatasetContract = {};
  if (own.path !== undefined) contract.path = own.path;
  if (own.format !== undefined) contract.format = own.format;
  if (own.sql !== undefined) contract.sql = own.sql;
  const chain = [name];
  let current: typeof own | undefined = own;
  while (current) {
    for (const key of INHERITED) {
      if (contract[key] === undefined && current[key] !== undefined) (contract as Record<string, unknown>)[key] = current[key];
    }
    const base: string | undefined = current.like;
    if (base === undefined) break;
    if (chain.includes(base)) throw new DatasetNotFoundError(`dataset '${name}' has a 'like' cycle: ${[...chain, base].join(' → ')}`);
    if (!Object.hasOwn(datasets, base)) throw new DatasetNotFoundError(`dataset '${chain[chain.length - 1]}' is like unknown dataset '${base}'`);
    chain.push(base);
    current = datasets[base];
  }
  return contract;
}
