// The building blocks of the generated workflows: which actions they use, the steps that are
// the same everywhere, and the shell-free way a stage's command reaches a `run:` step.
import { posix } from 'node:path';
import type { PipelineSpec } from '@pipewright/schema';

/** One GitHub Actions job or step, as plain data in the order its keys are written. */
export type Yaml = { [key: string]: unknown };

export interface WorkflowSettings {
  /** The spec, relative to the repository root, with `/` separators. */
  spec: string;
  /** `owner/repo` that holds the Pipewright actions (`<repo>/actions/<name>@<ref>`). */
  actionsRepo: string;
  /** The tag, branch or commit every Pipewright action is pinned to. */
  ref: string;
  /** The default branch: pushes to it promote. */
  branch: string;
  /** How the promote job installs the repository's dependencies (which hold the pipewright CLI). */
  packageManager: 'pnpm' | 'npm' | 'yarn';
}

/** The Pipewright actions the workflows use. */
export const PIPEWRIGHT_ACTIONS = ['validate-data', 'train', 'promote', 'rollback', 'canary-deploy', 'drift-check'] as const;
export type PipewrightAction = (typeof PIPEWRIGHT_ACTIONS)[number];

/** GitHub's own actions, pinned to their current major versions. */
export const CHECKOUT = 'actions/checkout@v4';
const SETUP_NODE = 'actions/setup-node@v4';
const SETUP_PNPM = 'pnpm/action-setup@v4';
export const UPLOAD_ARTIFACT = 'actions/upload-artifact@v4';
export const DOWNLOAD_ARTIFACT = 'actions/download-artifact@v4';

export function uses(settings: WorkflowSettings, action: PipewrightAction): string {
  return `${settings.actionsRepo}/actions/${action}@${settings.ref}`;
}

/** Checkout without leaving the token in .git/config, where every later step could read it. */
export function checkout(): Yaml {
  return { uses: CHECKOUT, with: { 'persist-credentials': false } };
}

/** A GitHub expression: `${{ text }}`. */
export function expr(text: string): string {
  return `\${{ ${text} }}`;
}

/** `vars.PIPEWRIGHT_REGISTRY` (e.g. `oci://ghcr.io/acme/churn`); empty means the spec's `registry.url`. */
export const REGISTRY = expr('vars.PIPEWRIGHT_REGISTRY');
export const TOKEN = expr('secrets.GITHUB_TOKEN');

/** The group every alias move and traffic change of this model waits in: one at a time, none cancelled. */
export function releaseConcurrency(spec: PipelineSpec): Yaml {
  return { group: `pipewright-release-${spec.name}`, 'cancel-in-progress': false };
}

const SAFE_ARG = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** An argument as bash reads it back unchanged: single quotes, so nothing in it is interpreted. */
export function shellQuote(arg: string): string {
  if (SAFE_ARG.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The directory of the spec, `.` at the repository root. */
export function specDir(settings: WorkflowSettings): string {
  return posix.dirname(settings.spec);
}

/** A path of the spec (relative to its directory) as a path from the repository root. */
export function fromRoot(settings: WorkflowSettings, path: string): string {
  return posix.normalize(posix.join(specDir(settings), path)).replace(/\/$/, '');
}

/** Node and the repository's dependencies, for the steps that call the pipewright CLI. */
export function installSteps(settings: WorkflowSettings): Yaml[] {
  const manager = settings.packageManager;
  const install = { pnpm: 'pnpm install --frozen-lockfile', npm: 'npm ci', yarn: 'yarn install --frozen-lockfile' }[manager];
  return [
    ...(manager === 'pnpm' ? [{ uses: SETUP_PNPM }] : []),
    { uses: SETUP_NODE, with: { 'node-version': 20, cache: manager } },
    { name: 'install dependencies (the pipewright CLI)', run: install },
  ];
}
