// The Kubernetes objects that split traffic, rendered as plain data: a canary Ingress with
// ingress-nginx's canary annotations, or a Gateway API HTTPRoute with weighted backendRefs.
//
// Spec keys read (deploy.kubernetes) beyond the schema's namespace, deployment, container,
// image, replicas and context, to be added (KubernetesTargetSpec):
//   router: nginx-ingress | gateway-api   how traffic is split (default nginx-ingress)
//   service: string            the stable Service (default: deployment)
//   canary-service: string     the canary Service (default: <service>-canary)
//   port: integer              the Services' port (default 80)
//   host: string               the host routed (Ingress rule host / HTTPRoute hostnames)
//   path: string               the path prefix routed (default /)
//   ingress: string            nginx-ingress: the stable Ingress; the canary one is <ingress>-canary (default: deployment)
//   ingress-class: string      nginx-ingress: ingressClassName (default nginx)
//   gateway: string            gateway-api: the parent Gateway (required there)
//   gateway-namespace: string  gateway-api: its namespace (default: namespace)
//   route: string              gateway-api: the HTTPRoute's name (default: deployment)
//   kubectl: Command           the kubectl command line (default kubectl)
//   timeout: Duration          one kubectl call's deadline, rollouts included (default 5m)
import { stringify } from 'yaml';

export type Router = 'nginx-ingress' | 'gateway-api';

/** deploy.kubernetes with its defaults applied (see kubernetesConfig in targets/kubernetes.ts). */
export interface KubernetesConfig {
  router: Router;
  namespace: string;
  deployment: string;
  service: string;
  canaryService: string;
  port: number;
  host?: string;
  path: string;
  ingress: string;
  ingressClass: string;
  gateway?: string;
  gatewayNamespace?: string;
  route: string;
  container?: string;
  image?: string;
  context?: string;
}

/** The versions recorded on the object, so current() can tell them after a restart. */
export interface RenderedVersions {
  stable: string | null;
  canary: string | null;
}

export const STABLE_VERSION_ANNOTATION = 'pipewright.dev/stable-version';
export const CANARY_VERSION_ANNOTATION = 'pipewright.dev/canary-version';
export const CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary';
export const CANARY_WEIGHT_ANNOTATION = 'nginx.ingress.kubernetes.io/canary-weight';

export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
};

function labels(config: KubernetesConfig): Record<string, string> {
  return { 'app.kubernetes.io/name': config.deployment, 'app.kubernetes.io/managed-by': 'pipewright' };
}

function versionAnnotations(versions: RenderedVersions): Record<string, string> {
  const out: Record<string, string> = {};
  if (versions.stable !== null) out[STABLE_VERSION_ANNOTATION] = versions.stable;
  if (versions.canary !== null) out[CANARY_VERSION_ANNOTATION] = versions.canary;
  return out;
}

/** The canary Ingress beside the stable one (same host and path): ingress-nginx sends `weight`% to it. */
export function renderCanaryIngress(config: KubernetesConfig, weight: number, versions: RenderedVersions): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: `${config.ingress}-canary`,
      namespace: config.namespace,
      labels: labels(config),
      annotations: {
        [CANARY_ANNOTATION]: 'true',
        [CANARY_WEIGHT_ANNOTATION]: String(weight),
        ...versionAnnotations(versions),
      },
    },
    spec: {
      ingressClassName: config.ingressClass,
      rules: [
        {
          ...(config.host ? { host: config.host } : {}),
          http: {
            paths: [{ path: config.path, pathType: 'Prefix', backend: { service: { name: config.canaryService, port: { number: config.port } } } }],
          },
        },
      ],
    },
  };
}

/** One HTTPRoute rule sending 100 − weight to stable and weight to the canary. */
export function renderHttpRoute(config: KubernetesConfig, weight: number, versions: RenderedVersions): Manifest {
  const parent: Record<string, string> = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: config.gateway ?? '' };
  if (config.gatewayNamespace && config.gatewayNamespace !== config.namespace) parent.namespace = config.gatewayNamespace;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: config.route, namespace: config.namespace, labels: labels(config), annotations: versionAnnotations(versions) },
    spec: {
      parentRefs: [parent],
      ...(config.host ? { hostnames: [config.host] } : {}),
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: config.path } }],
          backendRefs: [
            { group: '', kind: 'Service', name: config.service, port: config.port, weight: 100 - weight },
            { group: '', kind: 'Service', name: config.canaryService, port: config.port, weight },
          ],
        },
      ],
    },
  };
}

export function renderManifest(config: KubernetesConfig, weight: number, versions: RenderedVersions): Manifest {
  return config.router === 'gateway-api' ? renderHttpRoute(config, weight, versions) : renderCanaryIngress(config, weight, versions);
}

/** YAML for `kubectl apply -f -`. */
export function manifestYaml(manifest: Manifest): string {
  return stringify(manifest, { lineWidth: 0 });
}

/** Reads back the weight and versions from the object as `kubectl get -o json` returns it. */
export function readManifest(config: KubernetesConfig, object: unknown): { weight: number; versions: RenderedVersions } | null {
  if (!object || typeof object !== 'object') return null;
  const { metadata, spec } = object as { metadata?: { annotations?: Record<string, string> }; spec?: { rules?: Array<{ backendRefs?: Array<{ name?: string; weight?: number }> }> } };
  const annotations = metadata?.annotations ?? {};
  const versions = { stable: annotations[STABLE_VERSION_ANNOTATION] ?? null, canary: annotations[CANARY_VERSION_ANNOTATION] ?? null };
  if (config.router === 'nginx-ingress') {
    const weight = Number(annotations[CANARY_WEIGHT_ANNOTATION] ?? Number.NaN);
    return Number.isFinite(weight) ? { weight, versions } : null;
  }
  const refs = spec?.rules?.[0]?.backendRefs ?? [];
  const total = refs.reduce((sum, ref) => sum + (ref.weight ?? 1), 0);
  const canary = refs.find((ref) => ref.name === config.canaryService);
  if (!canary || total === 0) return null;
  return { weight: Math.round(((canary.weight ?? 1) / total) * 100), versions };
}
