// What the `registry *` commands share: finding the registry (spec or --registry) and
// formatting a model card for people.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, PipewrightError } from '@pipewright/core/errors';
import { DEFAULT_REGISTRY_URL, type ModelVersion, type OciModelRegistry, openRegistry, specRegistryUrl } from '@pipewright/core/registry';
import { loadValidSpec } from '@pipewright/core/spec';
import type { CommandIO } from '../command.ts';

export const registryOptions = {
  registry: { type: 'string' },
  spec: { type: 'string' },
} as const;

export const registryOptionsUsage = `  --registry URL   the registry (file:PATH relative to the workspace, or oci://HOST[:PORT]/REPO);
                   overrides the spec's registry.url (default ${DEFAULT_REGISTRY_URL})
  --spec FILE      the spec that names the registry (default: ./pipewright.yaml; optional with --registry)
  --format json    exactly one JSON document on stdout`;

export interface OpenedRegistry {
  registry: OciModelRegistry;
  /** Directory that registry and artifact paths resolve against. */
  workspace: string;
}

/**
 * The registry named by --registry, else by the spec's registry.url, else the default.
 * Without --registry a spec that exists must be valid; a missing default spec means defaults.
 */
export async function openRegistryFor(io: CommandIO, options: { registry?: string; spec?: string }): Promise<OpenedRegistry> {
  const specPath = resolve(io.cwd, options.spec ?? 'pipewright.yaml');
  if (options.spec !== undefined && !existsSync(specPath)) {
    throw new InputError('spec-missing', `spec file '${options.spec}' does not exist`, { file: options.spec });
  }
  let workspace = io.cwd;
  let url = specRegistryUrl({}, options.registry);
  if (existsSync(specPath) && (options.registry === undefined || options.spec !== undefined)) {
    const loaded = await loadValidSpec(specPath);
    workspace = loaded.workspace;
    url = specRegistryUrl(loaded.spec, options.registry);
  }
  return { registry: openRegistry(url, { workspace, env: io.env, signal: io.signal }), workspace };
}

/** SIGINT/SIGTERM mid-transfer: a plain message and exit 2 rather than an abort stack trace. */
export async function interruptible<T>(io: CommandIO, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!io.signal.aborted || error instanceof PipewrightError) throw error;
    const why = (io.signal.reason as Error | undefined)?.message ?? 'interrupted';
    throw new PipewrightError('interrupted', `${why}: the registry is left consistent; run the command again to complete it`, { exitCode: 2 });
  }
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

export function formatMetric(value: number | undefined): string {
  if (value === undefined) return '-';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** The JSON shape of a version in `list`, `push` and `pull` output. */
export function versionSummary(version: ModelVersion) {
  return {
    version: version.card.version,
    digest: version.digest,
    created: version.card.created,
    aliases: version.aliases,
    metrics: version.card.metrics,
    files: version.files,
    size: version.files.reduce((sum, f) => sum + f.size, 0),
  };
}
