// `pipewright rollback [SPEC]`: the kill switch, the previous champion back.
import { resolve } from 'node:path';
import { formatRollbackText, rollbackFromSpec } from '@pipewright/core/promote';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';

const usage = `Usage: pipewright rollback [SPEC] [--to V] [--reason TEXT] [--registry URL] [--format text|json]

Points the alias (promote.alias, default 'champion') back at the champion before
the current one, following the alias history (rolled-back versions are skipped),
or at --to V. Recorded in the history with the actor (GITHUB_ACTOR, else USER) and
the reason. Safe to repeat: right after a rollback, or when --to V already is the
champion, nothing moves and the exit code is 0. Serving traffic is switched back
by the deploy step (not configured here).

  SPEC             the spec file (default: ./pipewright.yaml)
  --to V           the version to return to (default: the previous champion)
  --reason TEXT    why (recorded in the history)
  --registry URL   overrides registry.url (file:PATH or oci://HOST/REPO)
  --format json    {alias, rolled_back, champion_before, champion_after, move, traffic, note}

Exit codes: 0 rolled back or nothing to do, 1 no earlier champion to return to, 2 could not run.
`;

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Kill switch: move the alias back to the previous champion',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, {
      to: { type: 'string' },
      reason: { type: 'string' },
      registry: { type: 'string' },
    });
    const result = await rollbackFromSpec(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'), {
      env: io.env,
      signal: io.signal,
      registry: values.registry,
      to: values.to,
      reason: values.reason,
    });
    if (format === 'json') writeJson(io, result);
    else io.stdout.write(formatRollbackText(result));
    return 0;
  },
};
