// The remote client's pure parts: challenge parsing, credentials, permission messages, schemes.
import { describe, expect, it } from 'vitest';
import { credentialsFrom, parseChallenge, permissionMessage } from '../../../shared/src/registry/auth.ts';
import { isLoopback } from '../../../shared/src/registry/http.ts';

describe('registry auth', () => {
  it('parses GHCR and Docker Hub style challenges', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull,push"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/ubuntu:pull,push' },
    });
    expect(parseChallenge('bearer realm="a\\"b", error="insufficient_scope"')?.params).toEqual({ realm: 'a"b', error: 'insufficient_scope' });
  });

  it('takes PIPEWRIGHT_REGISTRY_TOKEN before GITHUB_TOKEN, user x-access-token by default', () => {
    expect(credentialsFrom({ GITHUB_TOKEN: 'g', PIPEWRIGHT_REGISTRY_TOKEN: 'p' })).toEqual({ user: 'x-access-token', token: 'p', source: 'PIPEWRIGHT_REGISTRY_TOKEN' });
    expect(credentialsFrom({ GITHUB_TOKEN: 'g', PIPEWRIGHT_REGISTRY_USER: 'bot' })).toEqual({ user: 'bot', token: 'g', source: 'GITHUB_TOKEN' });
    expect(credentialsFrom({})).toBeUndefined();
  });

  it('names the GitHub permission a refused GHCR push or pull needs, never the token', () => {
    const credentials = { user: 'x-access-token', token: 'ghs_secret', source: 'GITHUB_TOKEN' };
    const push = permissionMessage('ghcr.io', 'acme/churn', 403, true, credentials);
    expect(push).toBe(
      "registry ghcr.io refused write (push) access to 'acme/churn' for the token in GITHUB_TOKEN (HTTP 403): missing permission 'packages: write'. On GitHub Actions add `permissions: packages: write` to the job.",
    );
    expect(push).not.toContain('ghs_secret');
    expect(permissionMessage('ghcr.io', 'acme/churn', 401, false, undefined)).toContain("missing permission 'packages: read'");
  });

  it('uses plain HTTP only for loopback hosts', () => {
    for (const host of ['127.0.0.1:5000', '127.8.9.10', 'localhost:5000', 'localhost', '[::1]:5000']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['ghcr.io', '10.0.0.1:5000', 'localhost.example.com', '128.0.0.1', 'my-registry:5000']) expect(isLoopback(host), host).toBe(false);
  });
});
