export { actorFrom } from './actor.ts';
export { NoCandidateError, NothingToRollBackError } from './errors.ts';
export { describeGate, evaluateGate, evaluateGates, type Gate, type GateResult, metricValue } from './gates.ts';
export { newestVersion, type PromoteOptions, type PromotionResult, promoteVersion, sortVersions } from './promotion.ts';
export { formatPromotionText, formatRollbackText, gateRows, metricSeries, promotionMarkdown, rollbackMarkdown } from './report.ts';
export {
  championStack,
  isRollbackMove,
  previousChampion,
  ROLLBACK_REASON_PREFIX,
  type RollbackOptions,
  type RollbackResult,
  rollbackAlias,
  type TrafficRollback,
} from './rollback.ts';
export { type PromoteSpecResult, promoteFromSpec, type RegistryTarget, rollbackFromSpec } from './from-spec.ts';
export { PREVIEW_VERSION, type PromotionPreview, previewPromotion } from './preview.ts';
