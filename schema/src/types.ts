// Generated from schema/pipeline.schema.json by `pnpm generate` (scripts/generate-types.mjs). Do not edit.
/**
 * A Pipewright pipeline: the datasets and their contracts, drift detection, training, the model registry, promotion gates and the canary deploy, in one file (`pipewright.yaml`).
 */
export interface PipelineSpec {
  /**
   * The spec format version. Only `1` exists.
   */
  version: 1;
  /**
   * The model's name: the repository name in the registry and the prefix of every run.
   */
  name: string;
  /**
   * What this pipeline is for, in one sentence. Shown in reports.
   */
  description?: string;
  /**
   * Named datasets and their contracts. A dataset is a file, directory or glob (`path`) or a database table (`sql`). Refer to one in a template as `{{ datasets.<name>.path }}`.
   */
  datasets?: {
    [k: string]: DatasetSpec;
  };
  drift?: DriftSpec;
  /**
   * Extra steps run before training, each a command with its inputs and outputs (for example modules converted from a notebook). They run in `needs` order.
   */
  stages?: {
    [k: string]: StageSpec;
  };
  train?: TrainSpec;
  registry?: RegistrySpec;
  promote?: PromoteSpec;
  deploy?: DeploySpec;
}
/**
 * A dataset: where the data is and the contract it must meet.
 */
export interface DatasetSpec {
  /**
   * What the dataset holds.
   */
  description?: string;
  /**
   * A file, a directory or a glob, relative to the workspace. Not inherited through `like`.
   */
  path?: string;
  /**
   * The file format. Inferred from the extension when omitted.
   */
  format?: 'csv' | 'jsonl' | 'parquet';
  /**
   * When true, a column in the data that is not declared under `columns` is an error.
   */
  strict?: boolean;
  /**
   * Another dataset whose contract (`strict`, `columns`, `checks`) this one reuses. Keys set here replace the base's; `path`, `format` and `sql` are never inherited.
   */
  like?: string;
  sql?: SqlSourceSpec;
  /**
   * The columns and the rules each must meet. Nulls pass every rule but `nullable: false`.
   */
  columns?: {
    [k: string]: ColumnSpec;
  };
  checks?: TableChecksSpec;
}
/**
 * A database table: the checks run as queries in the database.
 */
export interface SqlSourceSpec {
  /**
   * The database engine.
   */
  engine: 'postgres' | 'duckdb';
  /**
   * The environment variable holding the connection URL (never the URL itself, so no secret sits in the spec).
   */
  'url-env'?: string;
  /**
   * DuckDB: the database file, relative to the workspace. Omitted means in-memory.
   */
  database?: string;
  /**
   * The table or view.
   */
  table: string;
  /**
   * The schema holding the table.
   */
  schema?: string;
}
/**
 * The contract of one column.
 */
export interface ColumnSpec {
  /**
   * The type every non-null value must have.
   */
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp';
  /**
   * When false, a null or empty value is an error.
   */
  nullable?: boolean;
  /**
   * When true, every non-null value must occur once.
   */
  unique?: boolean;
  /**
   * The smallest allowed value (inclusive): a number, or an ISO date/timestamp for date columns.
   */
  min?: number | string;
  /**
   * The largest allowed value (inclusive): a number, or an ISO date/timestamp for date columns.
   */
  max?: number | string;
  /**
   * The allowed values.
   *
   * @minItems 1
   */
  values?: (string | number | boolean)[];
  /**
   * A regular expression (JavaScript syntax) every string value must match.
   */
  pattern?: string;
  /**
   * The exact length of every string value, or its bounds.
   */
  length?:
    | number
    | {
        /**
         * The shortest allowed length.
         */
        min?: number;
        /**
         * The longest allowed length.
         */
        max?: number;
      };
  /**
   * The share of non-null values that must pass each value rule, in (0, 1] (Great Expectations `mostly`).
   */
  mostly?: number;
  /**
   * `error` fails the dataset; `warn` only reports.
   */
  severity?: 'error' | 'warn';
}
/**
 * Rules on the whole table.
 */
export interface TableChecksSpec {
  /**
   * Bounds on the number of rows.
   */
  'row-count'?: {
    /**
     * The fewest rows allowed.
     */
    min?: number;
    /**
     * The most rows allowed.
     */
    max?: number;
  };
  /**
   * The largest share of rows with any null value.
   */
  'missing-rows'?: {
    /**
     * A share in [0, 1].
     */
    max: number;
  };
  /**
   * Rows that repeat the same values in `columns`.
   */
  duplicates?: {
    /**
     * The columns that identify a row.
     *
     * @minItems 1
     */
    columns: string[];
    /**
     * The most duplicate rows allowed.
     */
    max?: number;
  };
  /**
   * The newest value of a date or timestamp column must be at most `max-age` old.
   */
  freshness?: {
    /**
     * A date or timestamp column.
     */
    column: string;
    /**
     * How old the newest value may be.
     */
    'max-age': string;
  };
}
/**
 * Drift detection: compares the profile of `current` with the reference profile stored with the model.
 */
export interface DriftSpec {
  /**
   * The dataset whose profile is stored with each model version.
   */
  reference: string;
  /**
   * The dataset compared with the reference.
   */
  current: string;
  /**
   * `auto` follows Evidently: KS / chi-square up to 1000 reference rows, Wasserstein / Jensen-Shannon above.
   */
  method?: 'auto' | 'ks' | 'chi2' | 'psi' | 'wasserstein' | 'jensenshannon';
  /**
   * Overrides the method's default per-column threshold (a p-value for ks/chi2, a distance for the others).
   */
  threshold?: number;
  /**
   * The columns to compare. Default: every column of the reference contract.
   *
   * @minItems 1
   */
  columns?: string[];
  /**
   * The dataset drifts when at least this share of its columns drifts, in (0, 1].
   */
  share?: number;
  /**
   * What drift does: `retrain` starts the training workflow, `alert` reports, `fail` exits 1.
   */
  'on-drift'?: 'retrain' | 'alert' | 'fail';
}
/**
 * An extra step: a command, the steps it needs, and the files it writes.
 */
export interface StageSpec {
  /**
   * What the stage does.
   */
  description?: string;
  /**
   * A command line. It is split into arguments with shell-words rules (quotes, backslash escapes) and each argument is templated afterwards; no shell ever runs it, so pipes, `&&` and `$VAR` have no special meaning.
   */
  run: string;
  /**
   * Steps that must finish first: other stages, or the built-in `validate`.
   */
  needs?: string[];
  /**
   * Files the stage reads, relative to the workspace.
   */
  inputs?: string[];
  /**
   * Files the stage writes, relative to the workspace. Refer to one as `{{ stages.<name>.outputs.0 }}`.
   */
  outputs?: string[];
  /**
   * The stage is stopped after this long.
   */
  timeout?: string;
  env?: EnvSpec;
}
/**
 * Extra environment variables for the command.
 */
export interface EnvSpec {
  [k: string]: string | number | boolean;
}
/**
 * Training: the command, its parameters and what it produces. Its outputs become a model version in the registry.
 */
export interface TrainSpec {
  /**
   * A command line. It is split into arguments with shell-words rules (quotes, backslash escapes) and each argument is templated afterwards; no shell ever runs it, so pipes, `&&` and `$VAR` have no special meaning.
   */
  run: string;
  /**
   * Steps that must finish first: stages, or the built-in `validate` (always implied).
   */
  needs?: string[];
  /**
   * Hyperparameters, recorded in the model card. Refer to one as `{{ params.<key> }}`.
   */
  params?: {
    [k: string]: string | number | boolean;
  };
  /**
   * The JSON file (an object of metric name to number) the command writes, relative to the workspace.
   */
  metrics?: string;
  /**
   * The file or directory pushed to the registry as the model.
   */
  artifact?: string;
  /**
   * Training is stopped after this long.
   */
  timeout?: string;
  env?: EnvSpec;
}
/**
 * Where model versions are stored, as OCI artifacts.
 */
export interface RegistrySpec {
  /**
   * `file:<dir>` for an OCI image layout on disk, or `oci://<host>/<repository>` for a distribution registry (GHCR authenticates with GITHUB_TOKEN).
   */
  url?: string;
}
/**
 * Promotion: the gates a new version must pass before the alias moves to it.
 */
export interface PromoteSpec {
  /**
   * The alias moved to a version that passes every gate.
   */
  alias?: string;
  /**
   * Every gate must pass.
   */
  gates?: GateSpec[];
}
/**
 * A bound on one metric, absolute (`min`/`max`) or relative to the current alias holder (`vs` with `min-delta`/`max-delta`). With no champion yet, relative gates pass.
 */
export interface GateSpec {
  /**
   * A key of the metrics file, or `train-seconds` / `peak-memory-mb`.
   */
  metric: string;
  /**
   * The metric must be at least this.
   */
  min?: number;
  /**
   * The metric must be at most this.
   */
  max?: number;
  /**
   * The alias to compare with.
   */
  vs?: string;
  /**
   * With `vs`: the metric minus the champion's must be at least this.
   */
  'min-delta'?: number;
  /**
   * With `vs`: the metric minus the champion's must be at most this.
   */
  'max-delta'?: number;
}
/**
 * How a version goes out: the target that shifts traffic, optional load test and shadow, then the canary steps with automatic analysis and rollback.
 */
export interface DeploySpec {
  /**
   * What shifts traffic: `local` (an embedded proxy), `nginx` (weighted upstreams, reloaded), `command` (your command, e.g. helm) or `kubernetes`.
   */
  target: 'local' | 'nginx' | 'command' | 'kubernetes';
  /**
   * The registry alias moved to the new version once the canary reaches 100% (with history). On a failed canary it stays where it was.
   */
  alias?: string;
  local?: LocalTargetSpec;
  nginx?: NginxTargetSpec;
  command?: CommandTargetSpec;
  kubernetes?: KubernetesTargetSpec;
  'load-test'?: LoadTestSpec;
  shadow?: ShadowSpec;
  canary?: CanarySpec;
  /**
   * `rollback` sends all traffic back to the stable version; `keep` leaves traffic as it is and exits 1.
   */
  'on-failure'?: 'rollback' | 'keep';
}
/**
 * The embedded proxy: serves the model with `serve` and splits traffic between the stable and the canary instance.
 */
export interface LocalTargetSpec {
  /**
   * The port the proxy listens on (127.0.0.1).
   */
  port?: number;
  /**
   * Starts one model server; templated with `{{ model.dir }}`, `{{ model.version }}` and `{{ port }}`.
   */
  serve?: string;
  /**
   * host:port of the stable model server, when it is not started by `serve`.
   */
  stable?: string;
  /**
   * host:port of the canary model server, when it is not started by `serve`.
   */
  canary?: string;
  /**
   * How long the proxy waits for a model server's answer before it answers 504.
   */
  timeout?: string;
}
/**
 * nginx: Pipewright writes weighted upstreams into `config` and reloads nginx.
 */
export interface NginxTargetSpec {
  /**
   * The nginx config file Pipewright owns and rewrites (may be outside the workspace).
   */
  config: string;
  /**
   * host:port of the stable version.
   */
  stable: string;
  /**
   * host:port of the canary version.
   */
  canary: string;
  /**
   * The upstream block name. Default: the spec name.
   */
  upstream?: string;
  /**
   * The command that reloads nginx (argv, no shell).
   */
  reload?: string;
  /**
   * The command that tests the whole nginx config before a reload; a failing test leaves the previous file and config serving. Default: `reload` with `-t` in place of `-s reload`.
   */
  test?: string;
  /**
   * The location Pipewright writes beside the upstream for shadow traffic (`mirror` copies requests there). Default: `/pipewright-mirror`.
   */
  mirror?: string;
  /**
   * The file Pipewright writes the shadow `mirror` location into; include it inside the `server` block that proxies to the upstream. Needed only with `shadow`.
   */
  'mirror-config'?: string;
  /**
   * host:port where the written file adds a tiny server answering its generation, so each change is confirmed served by nginx's new workers (not only reloaded).
   */
  confirm?: string;
}
/**
 * Your own commands shift traffic; each is templated with `{{ model.version }}` and `{{ weight }}`.
 */
export interface CommandTargetSpec {
  /**
   * Sends `{{ weight }}` percent of traffic to `{{ model.version }}`.
   */
  'set-weight': string;
  /**
   * Sends all traffic to `{{ model.version }}`, which becomes stable. Default: `set-weight` with weight 100.
   */
  promote?: string;
  /**
   * Sends all traffic back to the stable version. Default: `rollback`, else `set-weight` with weight 0.
   */
  abort?: string;
  /**
   * Sends all traffic back to the stable version (kept for older specs; `abort` is preferred). Default: `set-weight` with weight 0.
   */
  rollback?: string;
}
/**
 * Kubernetes: a stable and a canary Service; the split is a canary Ingress with ingress-nginx annotations or a Gateway API HTTPRoute with weighted backendRefs, applied with `kubectl apply -f -`.
 */
export interface KubernetesTargetSpec {
  /**
   * The namespace.
   */
  namespace?: string;
  /**
   * The stable Deployment; the canary is `<deployment>-canary`.
   */
  deployment: string;
  /**
   * The container whose image is set. Default: the first.
   */
  container?: string;
  /**
   * The image, templated with `{{ model.version }}`.
   */
  image?: string;
  /**
   * Total replicas shared between stable and canary.
   */
  replicas?: number;
  /**
   * The kubectl context. Default: the current one.
   */
  context?: string;
  /**
   * How traffic is split: `nginx-ingress` (a canary Ingress with `canary-weight` annotations) or `gateway-api` (an HTTPRoute with weighted backendRefs).
   */
  router?: 'nginx-ingress' | 'gateway-api';
  /**
   * The stable Service. Default: `deployment`.
   */
  service?: string;
  /**
   * The canary Service. Default: `<service>-canary`.
   */
  'canary-service'?: string;
  /**
   * The Services' port.
   */
  port?: number;
  /**
   * The host routed (the Ingress rule's host, the HTTPRoute's hostnames).
   */
  host?: string;
  /**
   * The path prefix routed.
   */
  path?: string;
  /**
   * `nginx-ingress`: the stable Ingress; the canary one is `<ingress>-canary`. Default: `deployment`.
   */
  ingress?: string;
  /**
   * `nginx-ingress`: the ingressClassName.
   */
  'ingress-class'?: string;
  /**
   * `gateway-api`: the parent Gateway's name (required there).
   */
  gateway?: string;
  /**
   * `gateway-api`: the Gateway's namespace. Default: `namespace`.
   */
  'gateway-namespace'?: string;
  /**
   * `gateway-api`: the HTTPRoute's name. Default: `deployment`.
   */
  route?: string;
  /**
   * The kubectl command line (argv, no shell).
   */
  kubectl?: string;
  /**
   * One kubectl call's deadline, rollouts included.
   */
  timeout?: string;
}
/**
 * A load test against the new version before it takes traffic; failing it stops the deploy.
 */
export interface LoadTestSpec {
  /**
   * The URL to load.
   */
  url: string;
  /**
   * The HTTP method.
   */
  method?: 'GET' | 'POST';
  /**
   * The request body (for POST), sent as JSON.
   */
  body?: string;
  /**
   * Requests per second.
   */
  rps?: number;
  /**
   * How long the test runs.
   */
  duration?: string;
  /**
   * The slowest allowed 99th-percentile latency.
   */
  'max-p99'?: string;
  /**
   * The largest allowed share of failed requests, in [0, 1].
   */
  'max-error-rate'?: number;
  /**
   * A request not answered in this long fails (its time still counts as latency).
   */
  timeout?: string;
  /**
   * Requests awaiting an answer at once; a request due while this many are out is not sent and counts as failed. Default: max(256, rps).
   */
  'max-in-flight'?: number;
  /**
   * Extra request headers.
   */
  headers?: {
    [k: string]: string;
  };
  /**
   * `pipewright deploy --ramp` (or the load test's ramp mode): raise the rate step by step until the gate breaks, to find the saturation point.
   */
  ramp?: {
    /**
     * Each step multiplies the rate by this.
     */
    factor?: number;
    /**
     * Each step adds this many requests per second (instead of `factor`).
     */
    step?: number;
    /**
     * The highest rate tried. Default: 10 × rps.
     */
    'max-rps'?: number;
    /**
     * How long each step runs. Default: `duration`.
     */
    'step-duration'?: string;
  };
}
/**
 * Shadow traffic: live requests are copied to the new version, whose answers are compared but never returned.
 */
export interface ShadowSpec {
  /**
   * How long to shadow.
   */
  duration?: string;
  /**
   * The smallest share of requests where both versions answer the same, in [0, 1].
   */
  'min-agreement'?: number;
  /**
   * How much slower (p99) the candidate may answer than stable. Default: not gated.
   */
  'max-p99-increase'?: string;
  /**
   * Numbers in the two answers agree within this absolute difference.
   */
  tolerance?: number;
  /**
   * … or within this share of the larger.
   */
  'relative-tolerance'?: number;
  /**
   * Dotted paths of the answer not compared (`*` matches one key).
   */
  ignore?: string[];
  /**
   * host:port the collector replays requests to for stable's answer, when the target cannot report it (nginx). Default: the target's stable upstream.
   */
  stable?: string;
  /**
   * host:port of the candidate server. Default: the target's canary upstream.
   */
  candidate?: string;
  /**
   * End the shadow early once this many requests are paired.
   */
  requests?: number;
}
/**
 * Canary steps (Argo Rollouts style) and the metrics their analyses run.
 */
export interface CanarySpec {
  /**
   * Run in order. Weights must increase and end at 100.
   *
   * @minItems 1
   */
  steps: CanaryStep[];
  /**
   * Background analysis: these metrics run from the first non-zero weight until the end, through pauses; a failure stops the canary at once (Argo Rollouts' rollout-level analysis).
   */
  analysis?: string[];
  /**
   * Named metrics that `analysis` steps run.
   */
  metrics?: {
    [k: string]: CanaryMetric;
  };
}
/**
 * One step: exactly one of `weight`, `pause` or `analysis`.
 */
export interface CanaryStep {
  /**
   * The percent of traffic sent to the new version.
   */
  weight?: number;
  /**
   * Wait this long.
   */
  pause?: string;
  /**
   * Run these metrics; a failed one stops the deploy (see `on-failure`).
   *
   * @minItems 1
   */
  analysis?: string[];
}
/**
 * A metric measured during analysis: exactly one provider (`prometheus`, `http` or `run`) and its bounds. An empty or NaN result is inconclusive, never a pass.
 */
export interface CanaryMetric {
  prometheus?: PrometheusProvider;
  http?: HttpProvider;
  /**
   * A command: it passes when it exits 0; when its last output line is a number, `min`/`max` apply to that number. Killed at `timeout`.
   */
  run?: string;
  traffic?: TrafficProviderSpec;
  /**
   * A measurement below this fails.
   */
  min?: number;
  /**
   * A measurement above this fails.
   */
  max?: number;
  /**
   * `http`: the smallest share of requests answered 2xx, in [0, 1].
   */
  'min-success-rate'?: number;
  /**
   * `http`: the slowest allowed 99th-percentile latency of the probes.
   */
  'max-p99'?: string;
  /**
   * Time between measurements.
   */
  interval?: string;
  /**
   * Wait this long before the first measurement of each analysis (Argo Rollouts' initialDelay), e.g. until a new canary has traffic in the query's rate window.
   */
  'initial-delay'?: string;
  /**
   * How many measurements one analysis takes.
   */
  count?: number;
  /**
   * The metric fails when more measurements than this fail.
   */
  'failure-limit'?: number;
  /**
   * The analysis stops as inconclusive when more measurements than this are empty or NaN.
   */
  'inconclusive-limit'?: number;
  /**
   * The longest one measurement may take: a `run` command is killed after it, and the measurement is inconclusive.
   */
  timeout?: string;
  /**
   * `stable`: judge the canary against the stable version on the same window (after Kayenta) instead of fixed bounds: a query (or URL) is rendered once per variant (`{{ variant }}` is `canary` or `stable`), or one query is split by `variant-label`. Fails on a statistically significant degradation larger than `max-degradation`.
   */
  compare?: 'stable';
  /**
   * With `compare: stable`: the largest allowed relative degradation of the canary over stable (0.1 = 10% worse).
   */
  'max-degradation'?: number;
  /**
   * With `compare: stable`: the confidence a degradation must reach to count (1 - the test's false-alarm rate).
   */
  confidence?: number;
  /**
   * With `compare: stable`: which direction is worse for this metric (`higher` for latency and error rates).
   */
  worse?: 'higher' | 'lower';
  /**
   * With `compare: stable` and one query for both variants: the label whose values (`canary`, `stable`) tell the series apart.
   */
  'variant-label'?: string;
}
/**
 * An instant PromQL query; its single value is the measurement. With `compare: stable`: `query` gives samples per variant over `window`, or `errors` and `total` give counts for a two-proportion test.
 */
export interface PrometheusProvider {
  /**
   * The Prometheus base URL.
   */
  address: string;
  /**
   * A PromQL query returning one value; with `compare: stable`, per variant (`{{ variant }}`) or split by `variant-label`.
   */
  query?:
    | string
    | {
        /**
         * For the canary.
         */
        canary: string;
        /**
         * For the stable version.
         */
        stable: string;
      };
  /**
   * With `compare: stable`: the failed requests over the window, per variant (goes with `total`).
   */
  errors?:
    | string
    | {
        /**
         * For the canary.
         */
        canary: string;
        /**
         * For the stable version.
         */
        stable: string;
      };
  /**
   * With `compare: stable`: all requests over the window, per variant (goes with `errors`).
   */
  total?:
    | string
    | {
        /**
         * For the canary.
         */
        canary: string;
        /**
         * For the stable version.
         */
        stable: string;
      };
  /**
   * With `compare: stable`: the range the samples come from.
   */
  window?: string;
  /**
   * With `compare: stable`: the step between samples in the window.
   */
  step?: string;
  /**
   * The longest one query may take.
   */
  timeout?: string;
}
/**
 * HTTP probes; the share answered 2xx is the measurement.
 */
export interface HttpProvider {
  /**
   * The URL to probe; with `compare: stable`, per variant.
   */
  url:
    | string
    | {
        /**
         * For the canary.
         */
        canary: string;
        /**
         * For the stable version.
         */
        stable: string;
      };
  /**
   * Requests per measurement.
   */
  requests?: number;
  /**
   * A request slower than this fails.
   */
  timeout?: string;
}
/**
 * The canary's real traffic as the traffic target carried it (the `local` proxy counts every answer): the share of canary requests that failed (5xx or no answer) since the previous measurement, judged by `max` (or `min`).
 */
export interface TrafficProviderSpec {
  /**
   * What to measure: `error-rate`, the failed share of the canary's requests.
   */
  measure: 'error-rate';
  /**
   * Fewer canary requests since the previous measurement make it inconclusive.
   */
  'min-requests'?: number;
}
