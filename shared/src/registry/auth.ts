// The registry token flow: parse a `WWW-Authenticate` challenge, trade credentials from the
// environment for a bearer token at its realm. Tokens never enter a message or a log.
import { RegistryAuthError } from './errors.ts';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (quoted or bare values). */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const pair = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/g;
  for (let m = pair.exec(match[2] ?? ''); m; m = pair.exec(match[2] ?? '')) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return { scheme: match[1]!.toLowerCase(), params };
}

/**
 * The environment a registry client (or a command) runs with inside an action: the
 * runner's, without the action's INPUT_* variables (they hold inputs such as a token in
 * clear), plus `token` as PIPEWRIGHT_REGISTRY_TOKEN when given.
 */
export function registryClientEnv(env: NodeJS.ProcessEnv, token = ''): NodeJS.ProcessEnv {
  const client: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('INPUT_')));
  if (token) client.PIPEWRIGHT_REGISTRY_TOKEN = token;
  return client;
}

export interface Credentials {
  user: string;
  token: string;
  /** The environment variable the token came from, for messages. */
  source: string;
}

export function credentialsFrom(env: NodeJS.ProcessEnv): Credentials | undefined {
  const source = env.PIPEWRIGHT_REGISTRY_TOKEN ? 'PIPEWRIGHT_REGISTRY_TOKEN' : env.GITHUB_TOKEN ? 'GITHUB_TOKEN' : undefined;
  if (!source) return undefined;
  return { user: env.PIPEWRIGHT_REGISTRY_USER || 'x-access-token', token: env[source]!, source };
}

export function basicAuth(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.token}`).toString('base64')}`;
}

/** GETs the realm for a bearer token covering `scope`. */
export async function fetchBearerToken(challenge: Challenge, scope: string, credentials: Credentials | undefined, host: string, signal?: AbortSignal): Promise<string> {
  const realm = challenge.params.realm;
  if (!realm) throw new RegistryAuthError(`registry ${host} asked for a bearer token but named no realm in WWW-Authenticate`);
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  url.searchParams.set('scope', scope);
  let response: Response;
  try {
    response = await fetch(url, { headers: credentials ? { authorization: basicAuth(credentials) } : {}, signal });
  } catch (error) {
    throw new RegistryAuthError(`could not reach the token service ${url.host} of registry ${host}: ${(error as Error).message}`);
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new RegistryAuthError(
      credentials
        ? `the token service ${url.host} refused the credentials in ${credentials.source} (user '${credentials.user}', HTTP ${response.status}) for scope '${scope}'`
        : `registry ${host} needs credentials for scope '${scope}': set GITHUB_TOKEN or PIPEWRIGHT_REGISTRY_TOKEN (and PIPEWRIGHT_REGISTRY_USER if the user is not 'x-access-token')`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new RegistryAuthError(`the token service ${url.host} of registry ${host} answered HTTP ${response.status}`);
  }
  const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new RegistryAuthError(`the token service ${url.host} of registry ${host} returned no token`);
  return token;
}

/** What a 401/403 on an authenticated request means, in permissions a user can grant. */
export function permissionMessage(host: string, repository: string, status: number, push: boolean, credentials: Credentials | undefined): string {
  const ghcr = host === 'ghcr.io';
  const need = push ? 'write (push)' : 'read (pull)';
  const grant = ghcr ? ` On GitHub Actions add \`permissions: packages: ${push ? 'write' : 'read'}\` to the job.` : '';
  const who = credentials ? `the token in ${credentials.source}` : 'an anonymous client (set GITHUB_TOKEN or PIPEWRIGHT_REGISTRY_TOKEN)';
  return `registry ${host} refused ${need} access to '${repository}' for ${who} (HTTP ${status}): missing permission ${ghcr ? `'packages: ${push ? 'write' : 'read'}'` : `'${push ? 'push' : 'pull'}'`}.${grant}`;
}
