// kubectl as a child process: argv only (never a shell), manifests on stdin, a deadline,
// and a named error that says which call failed and what kubectl said.
import { spawn } from 'node:child_process';
import { TrafficError } from '../errors.ts';
import { showArgv } from '../targets/run-command.ts';

/** kubectl is missing, failed, or timed out; traffic stays where it was. */
export class KubectlError extends TrafficError {
  readonly stderr: string;
  constructor(message: string, stderr = '') {
    super('kubectl', message);
    this.stderr = stderr;
  }
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface KubectlOptions {
  /** The kubectl command as argv (default ['kubectl']), then `--context` when given. */
  command: string[];
  context?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs: number;
}

const TAIL = 4000;

function kubectlArgv(options: KubectlOptions, args: string[]): string[] {
  return [...options.command, ...(options.context ? ['--context', options.context] : []), ...args];
}

/** Runs `kubectl [--context C] ARGS`, feeding `stdin`; resolves with any exit code the caller allows. */
export function kubectl(options: KubectlOptions, args: string[], stdin?: string, signal?: AbortSignal): Promise<KubectlResult> {
  const argv = kubectlArgv(options, args);
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const [program, ...rest] = argv;
    const child = spawn(program!, rest, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-TAIL)));
    // kubectl that exits early (bad flag) closes its stdin: the write error is not ours to report.
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') reject(new KubectlError(`'${program}' is not installed or not on PATH: the kubernetes target runs \`${showArgv(argv)}\``));
      else reject(new KubectlError(`\`${showArgv(argv)}\` could not run: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new KubectlError(`\`${showArgv(argv)}\` did not finish within ${options.timeoutMs} ms and was killed`, stderr));
      else resolve({ stdout, stderr: stderr.trim(), exitCode: code ?? 1 });
    });
  });
}

/** Like kubectl(), but exit ≠ 0 is a KubectlError quoting kubectl's own words. */
export async function kubectlOk(options: KubectlOptions, args: string[], stdin?: string, signal?: AbortSignal): Promise<KubectlResult> {
  const result = await kubectl(options, args, stdin, signal);
  if (result.exitCode !== 0) {
    throw new KubectlError(`\`${showArgv(kubectlArgv(options, args))}\` failed (exit ${result.exitCode}): ${result.stderr || result.stdout.trim() || 'no output'}`, result.stderr);
  }
  return result;
}
