// The `command` traffic target: your own commands (helm, a load balancer's CLI) shift
// traffic. Each is an argv template (`{{ weight }}`, `{{ model.version }}`), never a shell.
import { renderCommand } from '../../spec/template.ts';
import { TrafficError } from '../errors.ts';
import type { TrafficState, TrafficTarget } from '../types.ts';
import { runArgv, showArgv } from './run-command.ts';

export interface CommandTargetOptions {
  setWeight: string;
  promote?: string;
  abort?: string;
  /** The older key for abort; still honoured. */
  rollback?: string;
  /** Template values beside `weight` and `model` (the spec's own: name, params, …). */
  context: Record<string, unknown>;
  stableVersion: string | null;
  canaryVersion: string;
  modelName: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export class CommandTarget implements TrafficTarget {
  readonly kind = 'command' as const;
  private state: TrafficState;

  constructor(private readonly options: CommandTargetOptions) {
    this.state = { stable: options.stableVersion, canary: options.canaryVersion, canaryWeight: 0 };
  }

  private async run(key: string, template: string, weight: number): Promise<void> {
    const argv = renderCommand(template, { ...this.options.context, weight, model: { version: this.options.canaryVersion, name: this.options.modelName } });
    const result = await runArgv(argv, { cwd: this.options.cwd, env: this.options.env, timeoutMs: this.options.timeoutMs ?? 10 * 60_000 });
    if (result.missing) throw new TrafficError('command-not-found', `deploy.command.${key}: '${argv[0]}' is not installed or not on PATH (runs '${showArgv(argv)}')`);
    if (result.exitCode !== 0) {
      throw new TrafficError('command-failed', `deploy.command.${key} (${showArgv(argv)}) ${result.timedOut ? 'timed out' : `exited ${result.exitCode}`}: ${result.output || '(no output)'}`);
    }
  }

  async setWeight(weight: number): Promise<void> {
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) throw new TrafficError('invalid-weight', `canary weight: expected an integer percent from 0 to 100, found ${weight}`);
    await this.run('set-weight', this.options.setWeight, weight);
    this.state = { ...this.state, canaryWeight: weight };
  }

  async promote(): Promise<void> {
    if (this.options.promote) await this.run('promote', this.options.promote, 100);
    else await this.run('set-weight', this.options.setWeight, 100);
    this.state = { stable: this.options.canaryVersion, canary: null, canaryWeight: 0 };
  }

  async abort(): Promise<void> {
    const template = this.options.abort ?? this.options.rollback;
    if (template) await this.run(this.options.abort ? 'abort' : 'rollback', template, 0);
    else await this.run('set-weight', this.options.setWeight, 0);
    this.state = { ...this.state, canaryWeight: 0 };
  }

  /** Commands cannot be asked: what this process last set. */
  async current(): Promise<TrafficState> {
    return { ...this.state };
  }
}
