// Who moved an alias: recorded with every promotion and rollback.

/** The GitHub actor on a runner, else the local user. */
export function actorFrom(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_ACTOR || env.USER || env.LOGNAME || 'unknown';
}
