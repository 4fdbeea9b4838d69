// The GitHub workflows for one spec: the pipeline as a reusable workflow, the train workflow
// that calls it on pull requests and pushes, canary deploys on a new champion, the rollback
// button and the drift monitor. Plain data; `render.ts` turns it into files.
import type { PipelineSpec } from '@pipewright/schema';
import { InputError } from '../errors.ts';
import { parseDuration, renderCommand, specTemplateContext } from '../spec/index.ts';
import { stepOrder } from '../pipeline/index.ts';
import {
  checkout,
  DOWNLOAD_ARTIFACT,
  expr,
  fromRoot,
  installSteps,
  REGISTRY,
  releaseConcurrency,
  shellQuote,
  specDir,
  TOKEN,
  UPLOAD_ARTIFACT,
  uses,
  type WorkflowSettings,
  type Yaml,
} from './jobs.ts';

export interface GeneratedWorkflow {
  /** The file name under the output directory, e.g. `pipewright-train.yml`. */
  file: string;
  /** What it is for, one line (the header says it too). */
  purpose: string;
  workflow: Yaml;
}

/** The reusable workflow's file name: `uses: ./.github/workflows/pipewright-pipeline.yml`. */
export const PIPELINE_FILE = 'pipewright-pipeline.yml';
/** Where the train job leaves the run record for the promote job (relative to the repository root). */
const RUN_RECORD = '.pipewright/ci/run.json';
const RUN_ARTIFACT = 'pipewright-run';

/** Datasets checked before training: every dataset but the live data drift compares (checked by the drift monitor). */
function validatedDatasets(spec: PipelineSpec): string[] {
  return Object.keys(spec.datasets ?? {}).filter((name) => name !== spec.drift?.current);
}

function validateJob(spec: PipelineSpec, settings: WorkflowSettings, dataset: string): Yaml {
  const contract = spec.datasets![dataset]!;
  const urlEnv = contract.sql?.['url-env'];
  return {
    name: `validate ${dataset}`,
    'runs-on': 'ubuntu-latest',
    // checks and pull-requests: the check run and the pull request's report.
    permissions: { contents: 'read', checks: 'write', 'pull-requests': 'write' },
    steps: [
      checkout(),
      {
        uses: uses(settings, 'validate-data'),
        with: { spec: settings.spec, dataset },
        ...(urlEnv ? { env: { [urlEnv]: expr(`secrets.${urlEnv}`) } } : {}),
      },
    ],
  };
}

/** A stage's command, templated now and quoted per argument: bash runs exactly this argv. */
function stageStep(spec: PipelineSpec, settings: WorkflowSettings, name: string): Yaml {
  const stage = spec.stages![name]!;
  const argv = renderCommand(stage.run, specTemplateContext(spec));
  const dir = specDir(settings);
  return {
    name: `stage ${name}`,
    ...(dir === '.' ? {} : { 'working-directory': dir }),
    ...(stage.env ? { env: Object.fromEntries(Object.entries(stage.env).map(([k, v]) => [k, String(v)])) } : {}),
    ...(stage.timeout ? { 'timeout-minutes': Math.max(1, Math.ceil(parseDuration(stage.timeout) / 60_000)) } : {}),
    run: argv.map(shellQuote).join(' '),
  };
}

function trainJob(spec: PipelineSpec, settings: WorkflowSettings): Yaml {
  const stages = stepOrder(spec).filter((step) => step !== 'validate' && step !== 'train');
  const artifact = spec.train?.artifact;
  const keep = [RUN_RECORD, ...(artifact ? [fromRoot(settings, artifact)] : [])];
  const needs = validatedDatasets(spec).map((d) => `validate-${d}`);
  return {
    name: 'train',
    ...(needs.length > 0 ? { needs } : {}),
    'runs-on': 'ubuntu-latest',
    permissions: { contents: 'read', checks: 'write', 'pull-requests': 'write' },
    steps: [
      checkout(),
      ...stages.map((stage) => stageStep(spec, settings, stage)),
      { uses: uses(settings, 'train'), id: 'train', with: { spec: settings.spec, out: RUN_RECORD } },
      {
        // Only a run that may be promoted is kept for the promote job.
        if: 'inputs.promote',
        uses: UPLOAD_ARTIFACT,
        with: { name: RUN_ARTIFACT, path: keep.join('\n'), 'include-hidden-files': true, 'if-no-files-found': 'error', 'retention-days': 7 },
      },
    ],
  };
}

function promoteJob(spec: PipelineSpec, settings: WorkflowSettings): Yaml {
  const push = [
    'args=(registry push "$SPEC" --run "$RUN_RECORD")',
    'if [ -n "$REGISTRY" ]; then args+=(--registry "$REGISTRY"); fi',
    `npx --no-install pipewright "\${args[@]}"`,
  ].join('\n');
  return {
    name: 'promote',
    needs: 'train',
    if: 'inputs.promote',
    'runs-on': 'ubuntu-latest',
    // packages: the registry on GHCR; contents: the new_champion_registered dispatch; checks: its check run.
    permissions: { contents: 'write', packages: 'write', checks: 'write' },
    concurrency: releaseConcurrency(spec),
    steps: [
      checkout(),
      { uses: DOWNLOAD_ARTIFACT, with: { name: RUN_ARTIFACT, path: '.' } },
      ...installSteps(settings),
      {
        name: 'push the run as the next model version',
        env: { SPEC: settings.spec, RUN_RECORD, REGISTRY, PIPEWRIGHT_REGISTRY_TOKEN: TOKEN },
        run: push,
      },
      { uses: uses(settings, 'promote'), id: 'promote', with: { spec: settings.spec, registry: REGISTRY, 'registry-token': TOKEN } },
    ],
  };
}

function pipelineWorkflow(spec: PipelineSpec, settings: WorkflowSettings): Yaml {
  const jobs: Yaml = {};
  for (const dataset of validatedDatasets(spec)) jobs[`validate-${dataset}`] = validateJob(spec, settings, dataset);
  if (spec.train) {
    jobs.train = trainJob(spec, settings);
    jobs.promote = promoteJob(spec, settings);
  }
  if (Object.keys(jobs).length === 0) {
    throw new InputError('workflow-empty', `the spec declares no datasets and no 'train': expected at least one for the pipeline workflow to run`);
  }
  return {
    name: `pipewright ${spec.name}: pipeline`,
    on: {
      workflow_call: {
        inputs: {
          promote: { description: 'Push the trained model and run the promotion gates (the default branch only).', type: 'boolean', default: false },
        },
      },
    },
    permissions: {},
    jobs,
  };
}

function trainWorkflow(spec: PipelineSpec, settings: WorkflowSettings): Yaml {
  const onDefaultBranch = expr("github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
  return {
    name: `pipewright ${spec.name}: train`,
    on: { pull_request: null, push: { branches: [settings.branch] } },
    permissions: {},
    // A newer push to a pull request replaces its running check; a push to the branch never is.
    concurrency: { group: `pipewright-train-${expr('github.ref')}`, 'cancel-in-progress': expr("github.event_name == 'pull_request'") },
    jobs: {
      pipeline: {
        // The most any job of the pipeline may get; each job there asks for less.
        permissions: { contents: 'write', packages: 'write', checks: 'write', 'pull-requests': 'write' },
        uses: `./.github/workflows/${PIPELINE_FILE}`,
        with: { promote: onDefaultBranch },
        secrets: 'inherit',
      },
    },
  };
}

function deployWorkflow(spec: PipelineSpec, settings: WorkflowSettings): Yaml {
  return {
    name: `pipewright ${spec.name}: canary deploy`,
    on: { repository_dispatch: { types: ['new_champion_registered'] } },
    permissions: {},
    jobs: {
      deploy: {
        name: 'canary deploy',
        if: `github.event.client_payload.model == '${spec.name}'`,
        'runs-on': 'ubuntu-latest',
        environment: 'production',
        permissions: { contents: 'read', packages: 'read', checks: 'write' },
        concurrency: releaseConcurrency(spec),
        steps: [
          checkout(),
          {
            uses: uses(settings, 'canary-deploy'),
            with: { spec: settings.spec, version: expr('github.event.client_payload.version'), registry: REGISTRY, 'registry-token': TOKEN },
          },
        ],
      },
    },
  };
}

function rollbackWorkflow(spec: PipelineSpec, settings: WorkflowSettings): Yaml {
  return {
    name: `pipewright ${spec.name}: rollback`,
    on: {
      workflow_dispatch: {
        inputs: {
          version: { description: 'The version to return to, e.g. v3 (empty: the champion before the current one)', type: 'string', required: false, default: '' },
          reason: { description: 'Why: recorded in the alias history', type: 'string', required: true },
        },
      },
    },
    permissions: {},
    jobs: {
      rollback: {
        name: 'rollback',
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', packages: 'write' },
        concurrency: releaseConcurrency(spec),
        steps: [
          checkout(),
          {
            uses: uses(settings, 'rollback'),
            with: { spec: settings.spec, to: expr('inputs.version'), reason: expr('inputs.reason'), registry: REGISTRY, 'registry-token': TOKEN },
          },
        ],
      },
    },
  };
}

function driftWorkflow(spec: PipelineSpec, settings: WorkflowSettings): Yaml {
  return {
    name: `pipewright ${spec.name}: drift`,
    on: { schedule: [{ cron: '17 6 * * *' }], workflow_dispatch: null },
    permissions: {},
    concurrency: { group: `pipewright-drift-${spec.name}`, 'cancel-in-progress': false },
    jobs: {
      drift: {
        name: 'drift check',
        'runs-on': 'ubuntu-latest',
        // issues: the drift issue; contents: the drift_detected dispatch that retrains; packages: the champion's profile.
        permissions: { contents: 'write', issues: 'write', packages: 'read' },
        steps: [checkout(), { uses: uses(settings, 'drift-check'), with: { spec: settings.spec, model: 'champion', registry: REGISTRY, 'registry-token': TOKEN } }],
      },
    },
  };
}

/** Every workflow for `spec`, in the order they are written. */
export function generateWorkflows(spec: PipelineSpec, settings: WorkflowSettings): GeneratedWorkflow[] {
  const workflows: GeneratedWorkflow[] = [
    { file: PIPELINE_FILE, purpose: 'the pipeline as a reusable workflow: validate each dataset, run the stages, train, promote', workflow: pipelineWorkflow(spec, settings) },
    { file: 'pipewright-train.yml', purpose: 'pull requests and pushes run the pipeline; pushes to the default branch promote', workflow: trainWorkflow(spec, settings) },
  ];
  if (spec.deploy) workflows.push({ file: 'pipewright-deploy.yml', purpose: 'a new champion is deployed as a canary', workflow: deployWorkflow(spec, settings) });
  workflows.push({ file: 'pipewright-rollback.yml', purpose: 'the kill switch: run it to put the previous champion back', workflow: rollbackWorkflow(spec, settings) });
  if (spec.drift) workflows.push({ file: 'pipewright-drift.yml', purpose: 'a daily drift check of live data against the champion', workflow: driftWorkflow(spec, settings) });
  return workflows;
}
