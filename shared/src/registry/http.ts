// HTTP to one distribution registry: plain HTTP for loopback hosts, HTTPS otherwise; the
// token auth flow; bounded retries with exponential backoff for transient failures.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RegistryAuthError, RegistryUnavailableError } from './errors.ts';
import { basicAuth, type Credentials, credentialsFrom, fetchBearerToken, parseChallenge, permissionMessage } from './auth.ts';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export interface RequestSpec {
  headers?: Record<string, string>;
  /** A factory, so a retried request gets a fresh body (streams cannot be replayed). */
  body?: () => unknown;
  /** Whether the request needs push permission (affects the token scope). */
  push?: boolean;
  /** False for requests whose body must not be re-sent (a PATCH chunk): the caller restarts. */
  retry?: boolean;
}

const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);

export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export class RegistryHttp {
  readonly origin: string;
  private readonly credentials: Credentials | undefined;
  private readonly tokens = new Map<string, string>();
  private basic: string | undefined;

  constructor(
    readonly host: string,
    readonly repository: string,
    private readonly options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; retry: RetryPolicy },
  ) {
    this.origin = `${isLoopback(host) ? 'http' : 'https'}://${host}`;
    this.credentials = credentialsFrom(options.env ?? process.env);
  }

  /** `/v2/<repo>/<path>` (or an absolute Location the registry gave us). */
  url(path: string): string {
    return new URL(path.startsWith('/') || /^https?:/.test(path) ? path : `/v2/${this.repository}/${path}`, this.origin).toString();
  }

  private scope(push: boolean): string {
    return `repository:${this.repository}:${push ? 'pull,push' : 'pull'}`;
  }

  private authorization(push: boolean): string | undefined {
    return this.tokens.get(this.scope(push)) ?? (push ? undefined : this.tokens.get(this.scope(true))) ?? this.basic;
  }

  async request(method: string, path: string, spec: RequestSpec = {}): Promise<Response> {
    const url = this.url(path);
    const push = spec.push ?? false;
    const attempts = spec.retry === false ? 1 : this.options.retry.attempts;
    let authenticated = false;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      this.options.signal?.throwIfAborted();
      const auth = this.authorization(push);
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: { ...spec.headers, ...(auth ? { authorization: auth } : {}) },
          body: spec.body?.() as RequestInit['body'],
          signal: this.options.signal,
          ...(spec.body ? { duplex: 'half' } : {}),
        } as RequestInit);
      } catch (error) {
        if (this.options.signal?.aborted) throw error;
        last = describeNetworkError(error);
        if (attempt < attempts) await this.backoff(attempt);
        continue;
      }
      if (response.status === 401 && !authenticated) {
        const challenge = parseChallenge(response.headers.get('www-authenticate'));
        await response.body?.cancel();
        await this.authenticate(challenge, push);
        authenticated = true;
        attempt--;
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new RegistryAuthError(permissionMessage(this.host, this.repository, response.status, push, this.credentials));
      }
      if (TRANSIENT.has(response.status) && attempts > 1) {
        last = `HTTP ${response.status}`;
        await response.body?.cancel();
        if (attempt < attempts) await this.backoff(attempt);
        continue;
      }
      return response;
    }
    throw new RegistryUnavailableError(`registry ${this.host} did not answer ${method} ${new URL(url).pathname} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${last}`);
  }

  /**
   * Sends a large streamed body. fetch (undici in Node 20) does not wait for the socket to
   * drain, so a 1 GB upload would sit in memory; node:http, writing a chunk only after the
   * previous one was flushed, keeps a bounded footprint.
   * Not retried here: a half-sent body cannot be replayed, the caller restarts the upload.
   */
  async upload(method: string, path: string, headers: Record<string, string>, body: () => AsyncIterable<Uint8Array>): Promise<Response> {
    const url = new URL(this.url(path));
    for (let round = 0; round < 2; round++) {
      const auth = this.authorization(true);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      let response: IncomingMessage;
      try {
        response = await new Promise<IncomingMessage>((resolve, reject) => {
          const req = send(url, { method, headers: { ...headers, ...(auth ? { authorization: auth } : {}) }, signal: this.options.signal }, resolve);
          req.on('error', reject);
          // Each chunk is flushed before the next is read: the body's chunks share one buffer.
          (async () => {
            for await (const chunk of body()) {
              await new Promise<void>((done, fail) => req.write(chunk, (error) => (error ? fail(error) : done())));
            }
            req.end();
          })().catch((error: unknown) => {
            req.destroy(error as Error);
            reject(error);
          });
        });
      } catch (error) {
        if (this.options.signal?.aborted) throw error;
        throw new RegistryUnavailableError(`registry ${this.host} did not answer ${method} ${url.pathname}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, error);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      const answer = new Response(response.statusCode === 204 ? null : Buffer.concat(chunks), {
        status: response.statusCode ?? 500,
        headers: Object.entries(response.headers).flatMap(([k, v]) => (v === undefined ? [] : Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]])),
      });
      if (answer.status === 401 && round === 0) {
        await this.authenticate(parseChallenge(answer.headers.get('www-authenticate')), true);
        continue;
      }
      if (answer.status === 401 || answer.status === 403) throw new RegistryAuthError(permissionMessage(this.host, this.repository, answer.status, true, this.credentials));
      return answer;
    }
    throw new RegistryAuthError(permissionMessage(this.host, this.repository, 401, true, this.credentials));
  }

  private async authenticate(challenge: ReturnType<typeof parseChallenge>, push: boolean): Promise<void> {
    if (challenge?.scheme === 'bearer') {
      this.tokens.set(this.scope(push), `Bearer ${await fetchBearerToken(challenge, this.scope(push), this.credentials, this.host, this.options.signal)}`);
      return;
    }
    if (challenge?.scheme === 'basic' && this.credentials) {
      this.basic = basicAuth(this.credentials);
      return;
    }
    throw new RegistryAuthError(permissionMessage(this.host, this.repository, 401, push, this.credentials));
  }

  private async backoff(attempt: number): Promise<void> {
    const delay = Math.min(this.options.retry.baseDelayMs * 2 ** (attempt - 1), 8_000);
    await new Promise((r) => setTimeout(r, delay * (0.75 + Math.random() * 0.5)));
  }

  /** An error for an unexpected answer, with the registry's own error code and message. */
  async failure(response: Response, what: string): Promise<RegistryUnavailableError> {
    const text = await response.text().catch(() => '');
    let detail = '';
    try {
      const errors = (JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> }).errors ?? [];
      detail = errors.map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ');
    } catch {
      detail = text.slice(0, 200);
    }
    return new RegistryUnavailableError(`registry ${this.host} answered HTTP ${response.status} to ${what} in '${this.repository}'${detail ? `: ${detail}` : ''}`);
  }
}
