// The table of commands. Only commands that work are listed.
import type { Command } from '../command.ts';
import { checkCommand } from './check.ts';
import { promoteCommand } from './promote.ts';
import { rollbackCommand } from './rollback.ts';
import { trainCommand } from './train.ts';

export const commands: Command[] = [
  checkCommand,
  trainCommand,
  promoteCommand,
  rollbackCommand,
];
