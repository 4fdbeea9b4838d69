// The table of commands. Only commands that work are listed.
import type { Command } from '../command.ts';

export const commands: Command[] = [];
