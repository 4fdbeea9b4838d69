// Reads and checks the validate-data inputs into typed settings; every message names the
// input, what it got and what it expected.
import { isAbsolute, relative, resolve } from 'node:path';

export type FailOn = 'error' | 'warn';

export interface ValidateDataSettings {
  workspace: string;
  /** Absolute path of the spec, inside the workspace. */
  spec: string;
  /** The spec path as given, for annotations (relative to the workspace). */
  specInput: string;
  dataset: string;
  /** Overrides the dataset's path; checked to stay inside the workspace. */
  path: string | undefined;
  failOn: FailOn;
}

/** A wrong input: the action reports the message and fails, without a stack trace. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

function inside(workspace: string, name: string, value: string): string {
  const full = resolve(workspace, value);
  const rel = relative(workspace, full);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new InvalidInputError(`Invalid input '${name}': '${value}'. Expected a path inside the workspace '${workspace}'.`);
  }
  return full;
}

/** `getInput` returns '' for an unset input, as @actions/core does. */
export function readInputs(getInput: (name: string) => string, workspace: string): ValidateDataSettings {
  const root = resolve(workspace);
  const specInput = getInput('spec') || 'pipewright.yaml';
  const dataset = getInput('dataset');
  if (!dataset) throw new InvalidInputError("Input required and not supplied: dataset. Expected the name of a dataset under 'datasets:' in the spec.");
  if (!/^[A-Za-z0-9_.-]+$/.test(dataset)) throw new InvalidInputError(`Invalid input 'dataset': '${dataset}'. Expected a dataset name (letters, digits, '_', '-', '.').`);
  const failOn = getInput('fail-on') || 'error';
  if (failOn !== 'error' && failOn !== 'warn') throw new InvalidInputError(`Invalid input 'fail-on': '${failOn}'. Expected 'error' or 'warn'.`);
  const path = getInput('path') || undefined;
  if (path !== undefined) inside(root, 'path', path);
  return { workspace: root, spec: inside(root, 'spec', specInput), specInput: relative(root, resolve(root, specInput)), dataset, path, failOn };
}
