// Runs a bundled action exactly as the GitHub runner does: `node dist/index.js`
// with INPUT_* variables and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Parsed from GITHUB_OUTPUT (both `k=v` and `k<<DELIM` forms). */
  outputs: Record<string, string>;
  summary: string;
  /** `::error file=…,line=…::message` and the like, as printed on stdout. */
  commands: Array<{ command: string; properties: string; message: string }>;
}

/** The runner's rule: `INPUT_` + the name upper-cased with spaces as `_` (dashes kept). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      outputs[key!] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

interface ActionOptions {
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The runner's files and environment for one step. */
function prepare(name: string, options: ActionOptions) {
  const dir = mkdtempSync(join(tmpdir(), `pw-action-${name}-`));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  const stateFile = join(dir, 'state');
  const envFile = join(dir, 'env');
  for (const f of [outputFile, summaryFile, stateFile, envFile]) writeFileSync(f, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    GITHUB_ENV: envFile,
    GITHUB_REPOSITORY: 'acme/churn',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_ACTOR: 'octocat',
    RUNNER_TEMP: dir,
    ...options.env,
  };
  for (const [key, value] of Object.entries({ ...actionDefaults(name, env.GITHUB_TOKEN ?? ''), ...options.inputs })) env[inputVariable(key)] = value;
  const entry = resolve(import.meta.dirname, '../../actions', name, 'dist/index.js');
  return { env, entry, outputFile, summaryFile };
}

function collect(files: { outputFile: string; summaryFile: string }, status: number | null, stdout: string, stderr: string): ActionRun {
  const commands = [...stdout.matchAll(/^::(\w+)(?: ([^:]*))?::(.*)$/gm)].map((m) => ({ command: m[1]!, properties: m[2] ?? '', message: m[3]! }));
  return {
    exitCode: status ?? -1,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(files.outputFile, 'utf8')),
    summary: readFileSync(files.summaryFile, 'utf8'),
    commands,
  };
}

/**
 * Runs `actions/<name>/dist/index.js` in `workspace` with `inputs` over the defaults
 * from its action.yml, as the runner passes them (node itself applies none).
 */
export function runAction(name: string, options: ActionOptions): ActionRun {
  const step = prepare(name, options);
  const result = spawnSync(process.execPath, [step.entry], { cwd: options.workspace, env: step.env, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
  return collect(step, result.status, result.stdout ?? '', result.stderr ?? '');
}

/** `runAction` without blocking this process: for a test that serves the action (a loopback API) itself. */
export function runActionAsync(name: string, options: ActionOptions): Promise<ActionRun> {
  const step = prepare(name, options);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [step.entry], { cwd: options.workspace, env: step.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise(collect(step, code, stdout, stderr));
    });
  });
}

/** The `default:` of every input in an action.yml, as the runner would pass them (`${{ github.token }}` is GITHUB_TOKEN, or empty). */
function actionDefaults(name: string, githubToken: string): Record<string, string> {
  const metadata = parseYaml(readFileSync(resolve(import.meta.dirname, '../../actions', name, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const defaults: Record<string, string> = {};
  for (const [key, input] of Object.entries(metadata.inputs ?? {})) {
    if (input?.default !== undefined) defaults[key] = String(input.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, githubToken);
  }
  return defaults;
}

/** A failed action's output holds a message, never a stack trace. */
export function expectNoStackTrace(result: { stdout: string; stderr: string }): void {
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
}
