// A minimal LSP client over stdio (JSON-RPC with Content-Length framing) for tests and
// benchmarks that talk to a real language server process.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const SERVER_JS = resolve(import.meta.dirname, '../../extension/dist/server.js');

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface Notification {
  method: string;
  params: unknown;
  /** performance.now() when it arrived. */
  at: number;
}

type Waiter = { method: string; test: (params: unknown) => boolean; resolve: (n: Notification) => void };

export class LspClient {
  readonly process: ChildProcessWithoutNullStreams;
  readonly notifications: Notification[] = [];
  stderr = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private waiters: Waiter[] = [];
  /** Answers requests the server sends (workspace/configuration, …); default null. */
  onServerRequest: (method: string, params: unknown) => unknown = () => null;
  exitCode: number | null | undefined;

  constructor(command: string, args: string[], options: { cwd?: string } = {}) {
    this.process = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.process.on('exit', (code) => {
      this.exitCode = code;
      for (const p of this.pending.values()) p.reject(new Error(`the server exited (${code}) before answering; stderr: ${this.stderr.slice(-2000)}`));
      this.pending.clear();
    });
  }

  /** Starts our server: `node extension/dist/server.js --stdio`. */
  static pipewright(): LspClient {
    return new LspClient(process.execPath, [SERVER_JS, '--stdio']);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } });
    }
  }

  private dispatch(message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } }): void {
    if (message.method !== undefined && message.id !== undefined) {
      this.write({ jsonrpc: '2.0', id: message.id, result: this.onServerRequest(message.method, message.params) ?? null });
    } else if (message.method !== undefined) {
      const notification = { method: message.method, params: message.params, at: performance.now() };
      this.notifications.push(notification);
      this.waiters = this.waiters.filter((w) => {
        if (w.method !== notification.method || !w.test(notification.params)) return true;
        w.resolve(notification);
        return false;
      });
    } else if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result);
    }
  }

  private write(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.exitCode !== undefined) return reject(new Error(`the server has exited (${this.exitCode})`));
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next notification of `method` whose params pass `test` (from now on). */
  next(method: string, test: (params: unknown) => boolean = () => true, timeoutMs = 20_000): Promise<Notification> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.push({
        method,
        test,
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n);
        },
      });
    });
  }

  async initialize(rootUri: string | null, initializationOptions: unknown = {}, capabilities: object = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri, capabilities, initializationOptions, workspaceFolders: null });
    this.notify('initialized', {});
    return result;
  }

  /** Shuts the server down politely, then makes sure its process group is gone. */
  async close(): Promise<void> {
    if (this.exitCode === undefined) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      await Promise.race([this.request('shutdown', null).catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      if (this.exitCode === undefined) this.notify('exit', null);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    }
    if (this.exitCode === undefined && this.process.pid !== undefined) {
      try {
        process.kill(-this.process.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** `{ uri, version, diagnostics }` of a publishDiagnostics notification. */
export interface Published {
  uri: string;
  version?: number;
  diagnostics: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: number; code: string; message: string }>;
}
