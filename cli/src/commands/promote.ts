// `pipewright promote [SPEC]`: gates a version against the champion and moves the alias.
import { resolve } from 'node:path';
import { formatPromotionText, promoteFromSpec } from '@pipewright/core/promote';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';

const usage = `Usage: pipewright promote [SPEC] [--version V] [--registry URL] [--reason TEXT] [--format text|json]

Evaluates promote.gates for a model version against the version the alias
(promote.alias, default 'champion') points at, prints candidate vs champion, and
moves the alias only when every gate passes. The move is recorded in the alias
history with the actor (GITHUB_ACTOR, else USER) and a reason.

  SPEC             the spec file (default: ./pipewright.yaml)
  --version V      the candidate (default: the newest version)
  --registry URL   overrides registry.url (file:PATH or oci://HOST/REPO)
  --reason TEXT    added to the recorded reason
  --format json    {version, promoted, gates:[{metric, value, champion_value, threshold, passed}], champion_before, champion_after}

Exit codes: 0 promoted (or already the champion), 1 refused by a gate, 2 could not run.
`;

export const promoteCommand: Command = {
  name: 'promote',
  summary: 'Gate a model version against the champion and move the alias',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, {
      version: { type: 'string' },
      registry: { type: 'string' },
      reason: { type: 'string' },
    });
    const { result } = await promoteFromSpec(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'), {
      env: io.env,
      signal: io.signal,
      registry: values.registry,
      version: values.version,
      reason: values.reason,
    });
    if (format === 'json') writeJson(io, result);
    else io.stdout.write(formatPromotionText(result));
    return result.champion_after === result.version ? 0 : 1;
  },
};
