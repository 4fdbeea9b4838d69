// The self-contained HTML report: `renderReportHtml(data)` over plain ReportData.
export { renderReportHtml } from './page.ts';
export type { CanaryRecord, ReportData, ReportDrift, ReportGate, ReportVersion } from './types.ts';
