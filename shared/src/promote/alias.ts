// Alias names: OCI tag rules, minus names that would be mistaken for versions.
import { InvalidAliasError } from './errors.ts';

const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/**
 * Throws InvalidAliasError unless `alias` is a valid OCI tag that is not `latest`
 * (MLflow reserves it: it always means the newest version) nor `v<N>` (a version name).
 */
export function validateAliasName(alias: string): string {
  if (!OCI_TAG.test(alias)) {
    throw new InvalidAliasError(alias, 'expected an OCI tag: 1-128 characters of letters, digits, _ . -, not starting with . or -');
  }
  if (alias.toLowerCase() === 'latest') throw new InvalidAliasError(alias, "'latest' is reserved: it always means the newest version");
  if (/^v\d+$/i.test(alias)) throw new InvalidAliasError(alias, "names shaped 'v<N>' are reserved for versions");
  // sha256-<hex> tags carry attached reports (the referrers fallback).
  if (/^sha256-[0-9a-f]{64}$/.test(alias)) throw new InvalidAliasError(alias, "'sha256-<hex>' tags are reserved for attached reports");
  return alias;
}

/** The actor recorded with an alias move: the GitHub actor, else the local user. */
export function actorFrom(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_ACTOR || env.USER || env.LOGNAME || 'unknown';
}
