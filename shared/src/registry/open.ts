// Opens a registry from its URL: `file:PATH` (relative to the workspace) or `oci://HOST[:PORT]/REPO`.
import { RegistryInputError } from './errors.ts';
import { LayoutStore } from './layout-store.ts';
import { OciModelRegistry } from './model-registry.ts';
import { RemoteStore } from './remote-store.ts';
import type { FaultHook } from './store.ts';
import { resolveInWorkspace } from '../workspace/index.ts';

export interface OpenRegistryOptions {
  workspace: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Remote retries of transient failures (default 5 attempts, 250 ms doubling). */
  retry?: { attempts?: number; baseDelayMs?: number };
  /** Remote uploads: bytes per PATCH of a chunked upload (default 64 MiB). */
  chunkSize?: number;
  /** How long a writer waits for the file lock (default 60 s). */
  lockTimeoutMs?: number;
  /** Test hook: called at named points of a write, e.g. to SIGKILL the process there. */
  faults?: FaultHook;
}

export const DEFAULT_REGISTRY_URL = 'file:.pipewright/registry';

/** The registry a spec names: `override` (a --registry flag, an action input), else `registry.url`, else the default. */
export function specRegistryUrl(spec: { registry?: { url?: string } }, override?: string): string {
  // An empty override (an unset action input) is none.
  return override || (spec.registry?.url ?? DEFAULT_REGISTRY_URL);
}

/** Opens the registry at `url`; nothing touches disk or network until the first call. */
export function openRegistry(url: string, options: OpenRegistryOptions): OciModelRegistry {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new RegistryInputError('registry-url', `invalid registry URL '${url}': expected file:PATH`);
    const root = resolveInWorkspace(options.workspace, path);
    return new OciModelRegistry(new LayoutStore(url, root, options), options.faults);
  }
  if (url.startsWith('oci://')) {
    const rest = url.slice('oci://'.length);
    const slash = rest.indexOf('/');
    const host = slash > 0 ? rest.slice(0, slash) : '';
    const repository = slash > 0 ? rest.slice(slash + 1).replace(/\/+$/, '') : '';
    if (!host || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
      throw new RegistryInputError('registry-url', `invalid registry URL '${url}': expected oci://HOST[:PORT]/REPOSITORY with a lower-case repository name`);
    }
    return new OciModelRegistry(new RemoteStore(url, host, repository, options), options.faults);
  }
  throw new RegistryInputError('registry-url', `invalid registry URL '${url}': expected 'file:PATH' or 'oci://HOST/REPOSITORY'`);
}
