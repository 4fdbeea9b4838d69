// Runs one argv (never a shell) for a traffic target, with a deadline, keeping the tail of
// its output for the error message.
import { spawn } from 'node:child_process';

export interface CommandRun {
  /** null when the program could not be started (see `missing`). */
  exitCode: number | null;
  /** The program does not exist (ENOENT). */
  missing: boolean;
  timedOut: boolean;
  output: string;
}

const TAIL = 4_000;

export function runArgv(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CommandRun> {
  return new Promise((resolve) => {
    const [program, ...args] = argv;
    let output = '';
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-TAIL);
    };
    const child = spawn(program!, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ exitCode: null, missing: error.code === 'ENOENT', timedOut: false, output: error.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, missing: false, timedOut, output: output.trim() });
    });
  });
}

/** `nginx -t` → `nginx -t`; for messages. */
export function showArgv(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}
