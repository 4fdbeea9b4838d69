// Runs the bundled `pipewright` CLI as a child process (argv only, never a shell): the
// commands print exactly what `pipewright` prints in a terminal, and a crash or a
// cancellation never takes the extension host down with it.
import { spawn } from 'node:child_process';

export interface CliRun {
  code: number;
  /** stdout, whole: with `--format json` it is one JSON document. */
  stdout: string;
}

export interface CliOptions {
  /** The CLI bundle (`dist/cli/pipewright.js` inside the extension). */
  cliPath: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Every chunk of stdout and stderr as it arrives, for the output channel. */
  onOutput?: (text: string) => void;
  signal?: AbortSignal;
  /** The Node that runs it; in VS Code the extension host's own (Electron as Node). */
  nodePath?: string;
}

export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(options.nodePath ?? process.execPath, [options.cliPath, ...args], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      killSignal: 'SIGTERM',
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      options.onOutput?.(text);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => options.onOutput?.(text));
    child.on('error', (error) => {
      if (error.name === 'AbortError') resolvePromise({ code: 130, stdout });
      else reject(error);
    });
    child.on('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 130 : 2), stdout }));
  });
}

/** What an exit code means, in the words the output channel and notifications use. */
export function describeExit(command: string, code: number): { level: 'info' | 'warning' | 'error'; message: string } {
  if (code === 0) return { level: 'info', message: `pipewright ${command}: done` };
  if (code === 1) return { level: 'warning', message: `pipewright ${command} found a problem: see the Pipewright output` };
  if (code === 130) return { level: 'warning', message: `pipewright ${command}: cancelled` };
  return { level: 'error', message: `pipewright ${command} could not run (exit ${code}): see the Pipewright output` };
}
