// The `kubernetes` traffic target: renders the canary Ingress (ingress-nginx annotations) or
// a weighted HTTPRoute (Gateway API) and applies it with `kubectl apply -f -`. Promotion
// follows Flagger: the stable Deployment takes the new image, rolls out, and the canary's
// weight goes back to 0, so the stable Service always ends up serving the new version.
// Spec keys: see ../kubernetes/render.ts.
import { PipewrightError } from '../../errors.ts';
import { parseDuration } from '../../spec/duration.ts';
import { renderTemplate, splitCommand } from '../../spec/template.ts';
import { KubectlError, kubectl, kubectlOk, type KubectlOptions } from '../kubernetes/kubectl.ts';
import { type KubernetesConfig, manifestYaml, readManifest, renderManifest, type RenderedVersions, type Router } from '../kubernetes/render.ts';
import type { TrafficState, TrafficTarget } from '../types.ts';
import { checkWeight } from './weighted-split.ts';

/** deploy.kubernetes is missing something it needs. */
export class KubernetesSpecError extends PipewrightError {
  constructor(message: string) {
    super('kubernetes-spec', message, { exitCode: 2 });
  }
}

/** deploy.kubernetes as the schema (and the keys in render.ts) describe it. */
export interface KubernetesTargetSpec {
  namespace?: string;
  deployment: string;
  container?: string;
  image?: string;
  replicas?: number;
  context?: string;
  router?: Router;
  service?: string;
  'canary-service'?: string;
  port?: number;
  host?: string;
  path?: string;
  ingress?: string;
  'ingress-class'?: string;
  gateway?: string;
  'gateway-namespace'?: string;
  route?: string;
  kubectl?: string;
  timeout?: string;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The spec with its defaults; throws KubernetesSpecError naming the key that is wrong. */
export function kubernetesConfig(spec: KubernetesTargetSpec): KubernetesConfig {
  const router = spec.router ?? 'nginx-ingress';
  if (router !== 'nginx-ingress' && router !== 'gateway-api') throw new KubernetesSpecError(`deploy.kubernetes.router: expected 'nginx-ingress' or 'gateway-api', found '${router}'`);
  if (router === 'gateway-api' && !spec.gateway) throw new KubernetesSpecError("deploy.kubernetes.gateway: the gateway-api router needs the parent Gateway's name");
  const service = spec.service ?? spec.deployment;
  const config: KubernetesConfig = {
    router,
    namespace: spec.namespace ?? 'default',
    deployment: spec.deployment,
    service,
    canaryService: spec['canary-service'] ?? `${service}-canary`,
    port: spec.port ?? 80,
    path: spec.path ?? '/',
    ingress: spec.ingress ?? spec.deployment,
    ingressClass: spec['ingress-class'] ?? 'nginx',
    route: spec.route ?? spec.deployment,
    ...(spec.host === undefined ? {} : { host: spec.host }),
    ...(spec.gateway === undefined ? {} : { gateway: spec.gateway }),
    ...(spec['gateway-namespace'] === undefined ? {} : { gatewayNamespace: spec['gateway-namespace'] }),
    ...(spec.container === undefined ? {} : { container: spec.container }),
    ...(spec.image === undefined ? {} : { image: spec.image }),
    ...(spec.context === undefined ? {} : { context: spec.context }),
  };
  const names: Array<[string, string]> = [
    ['namespace', config.namespace],
    ['deployment', config.deployment],
    ['service', config.service],
    ['canary-service', config.canaryService],
    [router === 'gateway-api' ? 'route' : 'ingress', router === 'gateway-api' ? config.route : config.ingress],
  ];
  for (const [key, value] of names) {
    if (!NAME.test(value) || value.length > 63) throw new KubernetesSpecError(`deploy.kubernetes.${key}: expected a Kubernetes name (lower-case letters, digits and '-', at most 63), found '${value}'`);
  }
  if (!config.path.startsWith('/')) throw new KubernetesSpecError(`deploy.kubernetes.path: expected a path starting with '/', found '${config.path}'`);
  return config;
}

export interface KubernetesTargetOptions {
  spec: KubernetesTargetSpec;
  stableVersion: string | null;
  canaryVersion: string | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export class KubernetesTarget implements TrafficTarget {
  readonly kind = 'kubernetes' as const;
  readonly config: KubernetesConfig;
  private readonly kubectl: KubectlOptions;
  private versions: RenderedVersions;
  private canaryImageSet = false;

  constructor(options: KubernetesTargetOptions) {
    this.config = kubernetesConfig(options.spec);
    this.versions = { stable: options.stableVersion, canary: options.canaryVersion };
    this.kubectl = {
      command: splitCommand(options.spec.kubectl ?? 'kubectl'),
      timeoutMs: parseDuration(options.spec.timeout ?? '5m'),
      ...(this.config.context ? { context: this.config.context } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    };
  }

  /** The manifest for a weight, as it would be applied. */
  render(weight: number): string {
    return manifestYaml(renderManifest(this.config, weight, this.versions));
  }

  async setWeight(weight: number, signal?: AbortSignal): Promise<void> {
    checkWeight(weight);
    if (weight > 0 && this.config.image && !this.canaryImageSet && this.versions.canary !== null) {
      await this.rollOut(`${this.config.deployment}-canary`, this.versions.canary, signal);
      this.canaryImageSet = true;
    }
    await this.apply(weight, signal);
  }

  async current(signal?: AbortSignal): Promise<TrafficState> {
    const kind = this.config.router === 'gateway-api' ? 'httproute' : 'ingress';
    const name = this.config.router === 'gateway-api' ? this.config.route : `${this.config.ingress}-canary`;
    const result = await kubectl(this.kubectl, ['get', kind, name, '--namespace', this.config.namespace, '--output', 'json'], undefined, signal);
    if (result.exitCode !== 0) {
      // Never applied yet: no canary route, all traffic on stable.
      if (/NotFound|not found/.test(result.stderr)) return { stable: this.versions.stable, canary: null, canaryWeight: 0 };
      throw new KubectlError(`kubectl get ${kind} ${name} failed (exit ${result.exitCode}): ${result.stderr || 'no output'}`, result.stderr);
    }
    let object: unknown;
    try {
      object = JSON.parse(result.stdout);
    } catch {
      throw new KubectlError(`kubectl get ${kind} ${name}: expected a JSON object, found ${JSON.stringify(result.stdout.slice(0, 80))}`);
    }
    const read = readManifest(this.config, object);
    if (!read) throw new KubectlError(`${kind} ${name} in namespace ${this.config.namespace} carries no canary weight Pipewright can read: was it changed by hand?`);
    return { stable: read.versions.stable, canary: read.versions.canary, canaryWeight: read.weight };
  }

  /** Flagger's promotion: the stable Deployment takes the canary's image, then weight 0. */
  async promote(signal?: AbortSignal): Promise<void> {
    if (this.config.image && this.versions.canary !== null) {
      await this.rollOut(this.config.deployment, this.versions.canary, signal);
      this.versions = { stable: this.versions.canary, canary: null };
      await this.apply(0, signal);
      return;
    }
    // Without an image to roll, the canary Service keeps every request: it is the new stable,
    // and the object says so (weight 100) until your own rollout moves the stable Deployment.
    this.versions = { stable: this.versions.canary, canary: null };
    await this.apply(100, signal);
  }

  async abort(signal?: AbortSignal): Promise<void> {
    await this.apply(0, signal);
  }

  private async apply(weight: number, signal?: AbortSignal): Promise<void> {
    await kubectlOk(this.kubectl, ['apply', '--field-manager=pipewright', '--filename', '-'], this.render(weight), signal);
  }

  private async rollOut(deployment: string, version: string, signal?: AbortSignal): Promise<void> {
    const image = renderTemplate(this.config.image!, { model: { version } });
    const container = this.config.container ?? '*';
    const namespace = ['--namespace', this.config.namespace];
    await kubectlOk(this.kubectl, ['set', 'image', `deployment/${deployment}`, `${container}=${image}`, ...namespace], undefined, signal);
    const seconds = Math.max(1, Math.floor(this.kubectl.timeoutMs / 1000));
    await kubectlOk(this.kubectl, ['rollout', 'status', `deployment/${deployment}`, ...namespace, `--timeout=${seconds}s`], undefined, signal);
  }
}
