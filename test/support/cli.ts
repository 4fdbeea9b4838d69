// Runs `pipewright ARGS` in-process through main(), capturing what it prints.
import { PassThrough } from 'node:stream';
import { main } from '../../cli/src/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(argv, { stdout, stderr, cwd: options.cwd, env: options.env ?? {}, signal: options.signal ?? new AbortController().signal });
  return { code, stdout: out, stderr: err };
}
