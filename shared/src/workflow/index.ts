// GitHub workflows generated from a spec: `pipewright workflow init`.
export { type GeneratedWorkflow, generateWorkflows, PIPELINE_FILE } from './generate.ts';
export { DEFAULT_ACTIONS_REPO, DEFAULT_OUT, DEFAULT_REF, type InitWorkflowsOptions, type InitWorkflowsResult, initWorkflows, type WorkflowFileStatus } from './init.ts';
export { PIPEWRIGHT_ACTIONS, type PipewrightAction, shellQuote, type WorkflowSettings } from './jobs.ts';
export { isUnedited, renderWorkflowFile, workflowYaml } from './render.ts';
