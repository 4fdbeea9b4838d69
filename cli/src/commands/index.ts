// The table of commands. Only commands that work are listed.
import type { Command } from '../command.ts';
import { checkCommand } from './check.ts';
import { demoCommand } from './demo.ts';
import { deployCommand, deployStatusCommand } from './deploy.ts';
import { driftCommand } from './drift.ts';
import { notebookConvertCommand } from './notebook-convert.ts';
import { profileCommand } from './profile.ts';
import { promoteCommand } from './promote.ts';
import { registryListCommand } from './registry-list.ts';
import { registryPullCommand } from './registry-pull.ts';
import { registryPushCommand } from './registry-push.ts';
import { registryShowCommand } from './registry-show.ts';
import { reportCommand } from './report.ts';
import { rollbackCommand } from './rollback.ts';
import { pipelineRunCommand } from './run.ts';
import { trainCommand } from './train.ts';
import { validateCommand } from './validate.ts';
import { workflowInitCommand } from './workflow-init.ts';

export const commands: Command[] = [
  checkCommand,
  validateCommand,
  trainCommand,
  promoteCommand,
  rollbackCommand,
  deployCommand,
  deployStatusCommand,
  profileCommand,
  driftCommand,
  registryListCommand,
  registryShowCommand,
  registryPushCommand,
  registryPullCommand,
  pipelineRunCommand,
  reportCommand,
  demoCommand,
  notebookConvertCommand,
  workflowInitCommand,
];
