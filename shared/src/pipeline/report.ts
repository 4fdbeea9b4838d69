// Gathers what the HTML report shows: every version in the spec's registry with its
// metrics and the reports stored beside it (promotion, validation, canary), the alias
// history, and drift of drift.current against the champion's training data.
import { categoricalDistribution, numericDistribution } from '../drift/distribution.ts';
import type { ColumnProfile, DatasetProfile } from '../drift/types.ts';
import type { ValidationReport } from '../data/types.ts';
import { PipewrightError } from '../errors.ts';
import { sortVersions } from '../promote/promotion.ts';
import { openRegistry, REPORT_KIND, readJsonReport, specRegistryUrl } from '../registry/index.ts';
import type { ModelRegistry, ModelVersion } from '../registry/types.ts';
import type { CanaryRecord, ReportData, ReportDrift, ReportVersion } from '../report/html/index.ts';
import { type LoadedSpec, loadValidSpec } from '../spec/index.ts';
import { driftFromSpec, modelReferenceProfile } from './drift.ts';

export interface CollectReportOptions {
  env: NodeJS.ProcessEnv;
  registry?: string;
  signal?: AbortSignal;
  /** Measure drift now (scans drift.current); default true. */
  drift?: boolean;
}

async function reportVersion(registry: ModelRegistry, version: ModelVersion): Promise<ReportVersion> {
  const [promotion, validation, canary] = await Promise.all([
    readJsonReport<ReportVersion['promotion']>(registry, version.digest, REPORT_KIND.promotion),
    readJsonReport<ValidationReport[]>(registry, version.digest, REPORT_KIND.validation),
    readJsonReport<CanaryRecord>(registry, version.digest, REPORT_KIND.canary),
  ]);
  const { card } = version;
  return {
    version: card.version,
    created: card.created,
    metrics: card.metrics,
    aliases: version.aliases,
    commit: card.git.commit,
    data: Object.entries(card.data).map(([name, d]) => ({ name, path: d.path, fingerprint: d.fingerprint })),
    promotion: promotion && { promoted: promotion.promoted, alias: promotion.alias, gates: promotion.gates ?? [], note: promotion.note },
    validation: Array.isArray(validation) ? validation : null,
    canaries: canary && Array.isArray(canary.timeline) ? [canary] : [],
  };
}

/** Date bins read as dates, not as epoch milliseconds. */
function dateKeys(keys: string[]): string[] {
  return keys.map((k) => k.replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/g, (n) => new Date(Number(n)).toISOString().slice(0, 10)));
}

function distributions(reference: DatasetProfile, current: DatasetProfile, columns: string[]): ReportDrift['distributions'] {
  const out: ReportDrift['distributions'] = [];
  for (const column of columns) {
    const ref = reference.columns[column] as ColumnProfile | undefined;
    const cur = current.columns[column] as ColumnProfile | undefined;
    if (!ref || !cur || ref.kind !== cur.kind || ref.count === 0 || cur.count === 0) continue;
    const d = ref.kind === 'numeric' && cur.kind === 'numeric' ? numericDistribution(ref, cur) : ref.kind === 'categorical' && cur.kind === 'categorical' ? categoricalDistribution(ref, cur) : null;
    if (!d) continue;
    const dated = ref.type === 'date' || ref.type === 'timestamp';
    out.push({ column, keys: dated ? dateKeys(d.keys) : d.keys, reference: d.reference, current: d.current });
  }
  return out;
}

async function collectDrift(loaded: LoadedSpec, registry: ModelRegistry, champion: string | null, options: CollectReportOptions): Promise<{ drift: ReportDrift | null; note: string | null }> {
  if (!loaded.spec.drift) return { drift: null, note: 'The spec has no drift section.' };
  if (options.drift === false) return { drift: null, note: 'Drift was not measured for this report.' };
  try {
    // Against the champion's training data when there is a champion, else drift.reference now.
    const stored = champion ? await modelReferenceProfile(registry, champion) : null;
    const { report, reference, current } = await driftFromSpec(loaded, { reference: stored?.profile, env: options.env, signal: options.signal });
    const compared = report.columns.filter((c) => c.verdict !== 'skipped').map((c) => c.column);
    return { drift: { referenceVersion: stored?.version.card.version ?? null, report, distributions: distributions(reference, current, compared) }, note: null };
  } catch (error) {
    if (!(error instanceof PipewrightError) || options.signal?.aborted) throw error;
    return { drift: null, note: `Drift could not be measured: ${error.message}` };
  }
}

/** Everything the report page shows, read from the spec's registry and data. */
export async function collectReport(specPath: string, options: CollectReportOptions): Promise<ReportData> {
  const loaded = await loadValidSpec(specPath);
  const url = specRegistryUrl(loaded.spec, options.registry);
  const registry = openRegistry(url, { workspace: loaded.workspace, env: options.env, signal: options.signal });
  const versions = sortVersions(await registry.list());
  const championAlias = loaded.spec.promote?.alias ?? 'champion';
  const productionAlias = (loaded.spec.deploy as { alias?: string } | undefined)?.alias ?? 'production';
  const aliases: Record<string, string | null> = {};
  for (const alias of [championAlias, productionAlias]) aliases[alias] = await registry.resolveAlias(alias);
  const { drift, note } = await collectDrift(loaded, registry, aliases[championAlias] ?? null, options);
  return {
    model: loaded.spec.name,
    generated: new Date().toISOString(),
    registry: url,
    aliases,
    versions: await Promise.all(versions.map((v) => reportVersion(registry, v))),
    history: await registry.history(),
    gatedMetrics: [...new Set((loaded.spec.promote?.gates ?? []).map((g) => g.metric))],
    drift,
    driftNote: note,
  };
}
