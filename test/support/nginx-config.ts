// An nginx.conf for tests: `daemon off` (so nginx stays the child the test started), one
// worker, and every file it writes (pid, error log, temp dirs) under `dir`.
import { join } from 'node:path';

export interface NginxConfig {
  port: number;
  workerConnections: number;
  /** Lines in the http block before the server block (upstreams, includes). */
  http: string[];
  /** Lines in the server block after `listen`. */
  server: string[];
}

export function nginxConfig(dir: string, config: NginxConfig): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${join(dir, `${t}_temp`)};`);
  return [
    'daemon off;',
    'user root;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    `events { worker_connections ${config.workerConnections}; }`,
    'http {',
    '    access_log off;',
    ...temp,
    ...config.http.map((line) => `    ${line}`),
    '    server {',
    `        listen 127.0.0.1:${config.port};`,
    ...config.server.map((line) => `        ${line}`),
    '    }',
    '}',
    '',
  ].join('\n');
}
