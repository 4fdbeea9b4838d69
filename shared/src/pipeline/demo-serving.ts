// The demo's production: one local proxy that keeps serving across deploys, and a model
// server per version (started with the spec's `deploy.local.serve`), so traffic flows
// without a gap while canaries come and go.
import { type LocalTarget, startLocalTarget } from '../deploy/targets/local.ts';
import { pullServedModel, type ServedModel, serveModel } from '../deploy/targets/local-serve.ts';
import { UsageError } from '../errors.ts';
import type { ModelRegistry } from '../registry/types.ts';

export class DemoServing {
  private readonly servers = new Map<string, ServedModel>();

  private constructor(
    readonly target: LocalTarget,
    private readonly serve: string,
    private readonly registry: ModelRegistry,
    private readonly workspace: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Pulls `first`, starts its server and the proxy in front of it on a free port. */
  static async start(options: { serve: string | undefined; registry: ModelRegistry; workspace: string; env: NodeJS.ProcessEnv; first: string; signal?: AbortSignal }): Promise<DemoServing> {
    if (!options.serve) throw new UsageError('the demo spec has no deploy.local.serve: the command that starts a model server');
    const first = await startServer(options.serve, options.registry, options.workspace, options.env, options.first, options.signal);
    try {
      const target = await startLocalTarget({ stable: first.address, stableVersion: options.first, port: 0, drainMs: 2000 });
      const serving = new DemoServing(target, options.serve, options.registry, options.workspace, options.env);
      serving.servers.set(options.first, first);
      return serving;
    } catch (error) {
      await first.stop();
      throw error;
    }
  }

  get url(): string {
    return this.target.url;
  }

  /** Starts `version`'s server and makes it the canary (at weight 0 until the deploy moves it). */
  async addCanary(version: string, signal?: AbortSignal): Promise<void> {
    const served = await startServer(this.serve, this.registry, this.workspace, this.env, version, signal);
    this.servers.set(version, served);
    await this.target.setCanary(served.address, version);
  }

  /** After a deploy: stops every server but the one now stable. */
  async settle(): Promise<void> {
    const { stable, canaryWeight } = await this.target.current();
    if (canaryWeight === 0) await this.target.setCanary(null, null);
    for (const [version, served] of this.servers) {
      if (version === stable) continue;
      await served.stop();
      this.servers.delete(version);
    }
  }

  /** Drains the proxy, then stops every model server. */
  async close(): Promise<void> {
    await this.target.close();
    await Promise.all([...this.servers.values()].map((s) => s.stop()));
    this.servers.clear();
  }
}

async function startServer(serve: string, registry: ModelRegistry, workspace: string, env: NodeJS.ProcessEnv, version: string, signal?: AbortSignal): Promise<ServedModel> {
  const dir = await pullServedModel(registry, workspace, version, signal);
  return serveModel({ run: serve, context: { model: { version, dir } }, cwd: workspace, env, signal });
}
