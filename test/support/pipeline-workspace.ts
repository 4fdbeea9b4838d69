// A throwaway copy of a fixture workspace (spec, data, scripts) and ways to run the CLI
// in it: in-process through main(), or as a real child process (`tsx cli/src/index.ts`).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { PipelineSpec } from '../../schema/src/index.ts';
import { type CliResult, runCli } from './cli.ts';

const root = resolve(import.meta.dirname, '../..');

export class PipelineWorkspace {
  private constructor(readonly dir: string) {}

  /** Copies `source` (relative to the repo root) into a temp dir. */
  static from(source: string): PipelineWorkspace {
    const dir = mkdtempSync(join(tmpdir(), 'pw-ws-'));
    cpSync(resolve(root, source), dir, { recursive: true });
    return new PipelineWorkspace(dir);
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  read(path: string): string {
    return readFileSync(this.path(path), 'utf8');
  }

  write(path: string, text: string): this {
    writeFileSync(this.path(path), text);
    return this;
  }

  /** Edits pipewright.yaml as plain data. */
  editSpec(edit: (spec: PipelineSpec) => void, file = 'pipewright.yaml'): this {
    const spec = parse(this.read(file)) as PipelineSpec;
    edit(spec);
    return this.write(file, stringify(spec));
  }

  /** Runs `pipewright ARGS` in-process with this workspace as the working directory. */
  cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return runCli(args, { cwd: this.dir, env: { PATH: process.env.PATH ?? '', USER: 'tester', ...env } });
  }

  /** Runs `pipewright ARGS` as a separate process (the real entry point, real signals). */
  spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return new Promise((done, fail) => {
      const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'cli/src/index.ts'), ...args], {
        cwd: this.dir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? this.dir, USER: 'tester', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.once('error', fail);
      child.once('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
