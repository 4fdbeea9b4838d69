// A tiny real model server on loopback for the traffic tests: answers `/predict` with a
// JSON prediction, records what it saw, and can be made slow, failing or disagreeing.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  requestId: string | undefined;
  body: string;
}

export interface ModelServerOptions {
  name: string;
  /** Milliseconds before answering (may depend on the request). */
  delayMs?: (req: IncomingMessage, body: string) => number;
  /** The prediction for a request body; default: a fixed function of the input. */
  predict?: (input: { x?: number }, requestId: string | undefined) => unknown;
  status?: (req: IncomingMessage) => number;
}

export interface ModelServer {
  address: string;
  port: number;
  name: string;
  seen: SeenRequest[];
  /** Connections whose request was cut before the answer (the client or proxy went away). */
  cut: number;
  close(): Promise<void>;
}

export function defaultPrediction(input: { x?: number }): { score: number; label: string } {
  const x = input.x ?? 0;
  const score = Math.round(((Math.sin(x) + 1) / 2) * 1e6) / 1e6;
  return { score, label: score > 0.5 ? 'churn' : 'stay' };
}

export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const seen: SeenRequest[] = [];
  const state = { cut: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const requestId = req.headers['x-request-id'] as string | undefined;
      seen.push({ method: req.method ?? '', url: req.url ?? '', requestId, body });
      let timer: NodeJS.Timeout | undefined;
      res.on('close', () => {
        if (!res.writableFinished) {
          state.cut++;
          clearTimeout(timer);
        }
      });
      const answer = () => {
        let input: { x?: number } = {};
        try {
          input = body ? JSON.parse(body) : {};
        } catch {}
        const prediction = (options.predict ?? defaultPrediction)(input, requestId);
        const text = JSON.stringify({ model: options.name, prediction });
        res.writeHead(options.status?.(req) ?? 200, { 'content-type': 'application/json', 'x-served-by': options.name });
        res.end(text);
      };
      const delay = options.delayMs?.(req, body) ?? 0;
      if (delay > 0) timer = setTimeout(answer, delay);
      else answer();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    name: options.name,
    seen,
    get cut() {
      return state.cut;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
