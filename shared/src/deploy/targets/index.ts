// The traffic target a spec names (`deploy.target`), built from its section.
import { isAbsolute, resolve } from 'node:path';
import type { PipelineSpec } from '@pipewright/schema';
import { parseDuration } from '../../spec/duration.ts';
import { renderCommand, specTemplateContext, splitCommand } from '../../spec/template.ts';
import { DeploySpecError } from '../errors.ts';
import type { TrafficTarget } from '../types.ts';
import { CommandTarget } from './command.ts';
import { KubernetesTarget } from './kubernetes.ts';
import { startLocalTarget } from './local.ts';
import { startServedLocalTarget } from './local-serve.ts';
import { defaultTestArgv, NginxTarget } from './nginx.ts';

export { CommandTarget, type CommandTargetOptions } from './command.ts';
export { defaultTestArgv, mirrorBlock, NginxTarget, type NginxTargetOptions, parseWritten, upstreamBlock } from './nginx.ts';

export interface TargetContext {
  spec: PipelineSpec;
  workspace: string;
  canaryVersion: string;
  stableVersion: string | null;
  env: NodeJS.ProcessEnv;
  /** Downloads a version's files and returns their directory (for `deploy.local.serve`). */
  pullModel?: (version: string) => Promise<string>;
}

function section<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new DeploySpecError(`deploy.target is '${name}' but the spec has no 'deploy.${name}' section`);
  return value;
}

export async function createTarget(ctx: TargetContext): Promise<TrafficTarget> {
  const deploy = ctx.spec.deploy;
  if (!deploy) throw new DeploySpecError("the spec has no 'deploy' section");
  const templates = specTemplateContext(ctx.spec, { env: ctx.env });
  switch (deploy.target) {
    case 'nginx': {
      const nginx = section(deploy.nginx, 'nginx');
      const reload = renderCommand(nginx.reload ?? 'nginx -s reload', templates);
      const test = nginx.test ? renderCommand(nginx.test, templates) : defaultTestArgv(reload);
      if (test.length === 0) throw new DeploySpecError(`deploy.nginx.reload '${nginx.reload}' has no '-s reload' to turn into a test: set deploy.nginx.test (e.g. 'nginx -t')`);
      const path = (p: string) => (isAbsolute(p) ? p : resolve(ctx.workspace, p));
      return new NginxTarget({
        config: path(nginx.config),
        upstream: nginx.upstream ?? ctx.spec.name,
        stable: nginx.stable,
        canary: nginx.canary,
        stableVersion: ctx.stableVersion,
        canaryVersion: ctx.canaryVersion,
        reload,
        test,
        confirm: nginx.confirm,
        mirrorConfig: nginx['mirror-config'] === undefined ? undefined : path(nginx['mirror-config']),
        mirrorLocation: nginx.mirror,
        cwd: ctx.workspace,
        env: ctx.env,
      });
    }
    case 'command': {
      const command = section(deploy.command, 'command');
      for (const key of ['set-weight', 'promote', 'abort', 'rollback'] as const) if (command[key] !== undefined) splitCommand(command[key]!);
      return new CommandTarget({
        setWeight: command['set-weight'],
        promote: command.promote,
        abort: command.abort,
        rollback: command.rollback,
        context: templates,
        stableVersion: ctx.stableVersion,
        canaryVersion: ctx.canaryVersion,
        modelName: ctx.spec.name,
        cwd: ctx.workspace,
        env: ctx.env,
      });
    }
    case 'local': {
      const local = deploy.local ?? {};
      const proxy = { port: local.port ?? 8080, ...(local.timeout === undefined ? {} : { upstreamTimeoutMs: parseDuration(local.timeout) }) };
      if (local.serve && !local.stable) {
        // One model server per version, started from the spec's command with its pulled files.
        const model = async (version: string) => ({ version, ...(ctx.pullModel ? { dir: await ctx.pullModel(version) } : {}) });
        return startServedLocalTarget({
          ...proxy,
          serve: local.serve,
          stable: ctx.stableVersion === null ? null : await model(ctx.stableVersion),
          canary: await model(ctx.canaryVersion),
          context: templates,
          cwd: ctx.workspace,
          env: ctx.env,
        });
      }
      if (!local.stable) throw new DeploySpecError("deploy.target 'local' needs deploy.local.serve (the command that starts a model server) or deploy.local.stable and deploy.local.canary (host:port of running servers)");
      return startLocalTarget({
        stable: local.stable,
        canary: local.canary ?? null,
        stableVersion: ctx.stableVersion,
        canaryVersion: ctx.canaryVersion,
        ...proxy,
      });
    }
    case 'kubernetes':
      return new KubernetesTarget({ spec: section(deploy.kubernetes, 'kubernetes'), stableVersion: ctx.stableVersion, canaryVersion: ctx.canaryVersion, env: ctx.env, cwd: ctx.workspace });
  }
}
