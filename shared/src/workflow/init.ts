// `workflow init`: writes the generated workflows for a spec into the repository, never
// outside it, and never over a file a person edited unless told to.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { InputError, PathEscapeError, UsageError } from '../errors.ts';
import { writeFileAtomic } from '../registry/fsio.ts';
import { loadValidSpec } from '../spec/index.ts';
import { isInsideWorkspace, resolveInWorkspace } from '../workspace/index.ts';
import { generateWorkflows } from './generate.ts';
import type { WorkflowSettings } from './jobs.ts';
import { isUnedited, renderWorkflowFile } from './render.ts';

/** Where the Pipewright actions live today (docs/actions.md). */
export const DEFAULT_ACTIONS_REPO = 'acme/pipewright';
export const DEFAULT_REF = 'v1';
export const DEFAULT_OUT = '.github/workflows';

export interface InitWorkflowsOptions {
  /** The repository root: the spec and `out` must be inside it. */
  workspace: string;
  /** The spec path, relative to the workspace or absolute. */
  spec: string;
  out?: string;
  ref?: string;
  force?: boolean;
}

/** `created`: new; `updated`: unedited, regenerated; `unchanged`: already this content; `kept`: edited, left alone; `replaced`: edited, overwritten by --force. */
export type WorkflowFileStatus = 'created' | 'updated' | 'unchanged' | 'kept' | 'replaced';

export interface InitWorkflowsResult {
  spec: string;
  out: string;
  ref: string;
  files: Array<{ path: string; status: WorkflowFileStatus; purpose: string }>;
  /** Things to set up on GitHub for the workflows to work. */
  notes: string[];
}

const REF = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** The branch `origin/HEAD` names, else `main`. */
function defaultBranch(workspace: string): string {
  try {
    const head = execFileSync('git', ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD'], { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const branch = head.replace(/^origin\//, '');
    if (REF.test(branch)) return branch;
  } catch {
    // Not a clone, or no remote HEAD: the usual default.
  }
  return 'main';
}

function packageManager(workspace: string): WorkflowSettings['packageManager'] {
  if (existsSync(join(workspace, 'pnpm-lock.yaml'))) return 'pnpm';
  if (existsSync(join(workspace, 'yarn.lock'))) return 'yarn';
  return 'npm';
}

/** The output directory, created, checked inside the workspace also after following symlinks. */
function outputDirectory(workspace: string, out: string): string {
  const dir = resolveInWorkspace(workspace, out);
  mkdirSync(dir, { recursive: true });
  const real = realpathSync(dir);
  if (!isInsideWorkspace(realpathSync(workspace), real)) throw new PathEscapeError(out, workspace);
  return dir;
}

function statusOf(path: string, text: string, force: boolean): WorkflowFileStatus {
  if (!existsSync(path)) return 'created';
  if (lstatSync(path).isSymbolicLink()) throw new InputError('workflow-symlink', `'${path}' is a symbolic link: refusing to write through it`, { file: path });
  const current = readFileSync(path, 'utf8');
  if (current === text) return 'unchanged';
  if (isUnedited(current)) return 'updated';
  return force ? 'replaced' : 'kept';
}

/** Generates the workflows for a valid spec and writes those that are new, unedited, or forced. */
export async function initWorkflows(options: InitWorkflowsOptions): Promise<InitWorkflowsResult> {
  const workspace = resolve(options.workspace);
  const ref = options.ref ?? DEFAULT_REF;
  if (!REF.test(ref)) throw new UsageError(`invalid --ref '${ref}': expected a tag, branch or commit such as v1 or 0123abc`);
  const specPath = resolveInWorkspace(workspace, options.spec);
  // The spec's paths resolve against its own directory; the workflows run from the repository root.
  const loaded = await loadValidSpec(specPath);
  const spec = toPosix(relative(workspace, specPath));
  const settings: WorkflowSettings = { spec, actionsRepo: DEFAULT_ACTIONS_REPO, ref, branch: defaultBranch(workspace), packageManager: packageManager(workspace) };
  const out = options.out ?? DEFAULT_OUT;
  const dir = outputDirectory(workspace, out);
  const files: InitWorkflowsResult['files'] = [];
  for (const generated of generateWorkflows(loaded.spec, settings)) {
    const path = join(dir, generated.file);
    const text = renderWorkflowFile(generated, { spec, ref });
    const status = statusOf(path, text, options.force ?? false);
    if (status !== 'kept' && status !== 'unchanged') await writeFileAtomic(path, Buffer.from(text));
    files.push({ path: toPosix(relative(workspace, path)), status, purpose: generated.purpose });
  }
  const registry = loaded.spec.registry?.url ?? 'file:.pipewright/registry';
  const notes = [
    registry.startsWith('oci://')
      ? `The workflows use registry.url (${registry}) unless the repository variable PIPEWRIGHT_REGISTRY names another registry.`
      : `registry.url is '${registry}', which does not outlive a job on GitHub: set the repository variable PIPEWRIGHT_REGISTRY to an oci:// registry such as oci://ghcr.io/<owner>/${loaded.spec.name}.`,
    ...Object.entries(loaded.spec.datasets ?? {})
      .filter(([name, d]) => d.sql?.['url-env'] && name !== loaded.spec.drift?.current)
      .map(([name, d]) => `Add the repository secret ${d.sql!['url-env']}: validating dataset '${name}' reads its connection URL from it.`),
    ...(loaded.spec.deploy ? ["The deploy job runs in the 'production' environment: add required reviewers there to approve each canary."] : []),
  ];
  return { spec, out: toPosix(relative(workspace, dir)) || '.', ref, files, notes };
}
