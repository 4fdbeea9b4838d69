// The kubernetes target's manifests: golden YAML for several weights, and every rendered
// manifest validated against the Kubernetes (Ingress) and Gateway API (HTTPRoute) schemas.
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readManifest } from '../../../../shared/src/deploy/kubernetes/render.ts';
import { KubernetesSpecError, KubernetesTarget, type KubernetesTargetSpec, kubernetesConfig } from '../../../../shared/src/deploy/targets/kubernetes.ts';

const WEIGHTS = [0, 1, 5, 10, 25, 50, 75, 99, 100];
const golden = (name: string) => `../../../fixtures/deploy/kubernetes/${name}.yaml`;

const ingressSpec: KubernetesTargetSpec = { namespace: 'ml', deployment: 'churn', host: 'churn.example.com', path: '/predict', port: 8080 };
const gatewaySpec: KubernetesTargetSpec = { namespace: 'ml', deployment: 'churn', router: 'gateway-api', gateway: 'public', 'gateway-namespace': 'infra', host: 'churn.example.com' };

function target(spec: KubernetesTargetSpec): KubernetesTarget {
  return new KubernetesTarget({ spec, stableVersion: 'v1', canaryVersion: 'v2' });
}

/** Validates what kubectl would receive: the YAML, parsed back. Throws with the schema's words. */
function validate(yamlText: string): void {
  const object = parse(yamlText);
  if (object.kind === 'Ingress') new Ingress(object).validate();
  else if (object.kind === 'HTTPRoute') new HTTPRoute(object).validate();
  else throw new Error(`unexpected kind ${object.kind}`);
}

describe('kubernetes manifests', () => {
  it.each([0, 5, 25, 100])('renders the canary Ingress at weight %i as in its golden file', async (weight) => {
    await expect(target(ingressSpec).render(weight)).toMatchFileSnapshot(golden(`ingress-weight-${weight}`));
  });

  it.each([0, 5, 25, 100])('renders the HTTPRoute at weight %i as in its golden file', async (weight) => {
    await expect(target(gatewaySpec).render(weight)).toMatchFileSnapshot(golden(`httproute-weight-${weight}`));
  });

  it('every rendered manifest is valid against the Kubernetes and Gateway API schemas', () => {
    const specs: KubernetesTargetSpec[] = [
      ingressSpec,
      { deployment: 'churn' },
      { deployment: 'churn', 'ingress-class': 'nginx-internal', service: 'churn-svc', 'canary-service': 'churn-next', context: 'prod' },
      gatewaySpec,
      { deployment: 'churn', router: 'gateway-api', gateway: 'public' },
      { deployment: 'fraud', router: 'gateway-api', gateway: 'gw', route: 'fraud-route', port: 9000, path: '/v1/score' },
    ];
    let validated = 0;
    for (const spec of specs) {
      for (const versions of [
        ['v1', 'v2'],
        [null, 'v1'],
        ['v7', null],
      ] as const) {
        const t = new KubernetesTarget({ spec, stableVersion: versions[0], canaryVersion: versions[1] });
        for (const weight of WEIGHTS) {
          validate(t.render(weight));
          validated++;
        }
      }
    }
    expect(validated).toBe(6 * 3 * WEIGHTS.length);
  });

  it('the validation catches what a cluster would refuse (so passing it means something)', () => {
    const bad = parse(target(ingressSpec).render(5));
    bad.spec.rules[0].http.paths[0].backend.service.port.number = 'eighty';
    expect(() => new Ingress(bad).validate()).toThrow(/port\/number must be integer/);
    const route = parse(target(gatewaySpec).render(5));
    route.spec.rules[0].backendRefs[1].weight = -5;
    expect(() => new HTTPRoute(route).validate()).toThrow(/weight must be >= 0/);
  });

  it('reads back the weight and versions it wrote', () => {
    for (const spec of [ingressSpec, gatewaySpec]) {
      const config = kubernetesConfig(spec);
      for (const weight of [0, 5, 33, 100]) {
        expect(readManifest(config, parse(target(spec).render(weight)))).toEqual({ weight, versions: { stable: 'v1', canary: 'v2' } });
      }
    }
  });

  it('spec values stay values: a host with shell characters is one YAML string', () => {
    const text = target({ ...ingressSpec, host: 'a.example.com; rm -rf / $(id)' }).render(5);
    expect(parse(text).spec.rules[0].host).toBe('a.example.com; rm -rf / $(id)');
  });

  it('refuses a spec it cannot render, naming the key', () => {
    expect(() => kubernetesConfig({ deployment: 'churn', router: 'gateway-api' })).toThrow("deploy.kubernetes.gateway: the gateway-api router needs the parent Gateway's name");
    expect(() => kubernetesConfig({ deployment: 'churn', namespace: 'ml; rm -rf /' })).toThrow("deploy.kubernetes.namespace: expected a Kubernetes name (lower-case letters, digits and '-', at most 63), found 'ml; rm -rf /'");
    expect(() => kubernetesConfig({ deployment: 'Churn' })).toThrow(KubernetesSpecError);
    expect(() => kubernetesConfig({ deployment: 'churn', path: 'predict' })).toThrow("deploy.kubernetes.path: expected a path starting with '/', found 'predict'");
    expect(() => kubernetesConfig({ deployment: 'churn', router: 'istio' as never })).toThrow("expected 'nginx-ingress' or 'gateway-api', found 'istio'");
  });
});
