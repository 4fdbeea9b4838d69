// The model registry: OCI artifacts in an on-disk layout (`file:`) or a distribution registry (`oci://`).
export * from './types.ts';
export { DEFAULT_REGISTRY_URL, openRegistry, type OpenRegistryOptions, specRegistryUrl } from './open.ts';
export { OciModelRegistry } from './model-registry.ts';
export { validateAlias } from './aliases.ts';
export { registryClientEnv } from './auth.ts';
export { validateReportKind } from './reports.ts';
export { attachJsonReport, readJsonReport, REPORT_KIND } from './json-reports.ts';
export { MEDIA, TAG_PATTERN } from './oci.ts';
export * from './errors.ts';
