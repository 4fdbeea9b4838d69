// The self-contained HTML report: one file, inline CSS and SVG, no script and no
// network, so it opens from a file:// URL, in a CI artifact or attached to an email.
import { escapeHtml as e } from './escape.ts';
import { canarySection, driftSection, historySection, summarySection, validationSection, versionsSection } from './sections.ts';
import type { ReportData } from './types.ts';

const STYLE = `
:root { color-scheme: light; --fg: #1f2933; --muted: #61707d; --line: #d9e2ec; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 20px 32px; background: #102a43; color: #fff; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #bcccdc; }
nav { padding: 8px 32px; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; }
nav a { margin-right: 16px; color: #1565c0; text-decoration: none; }
main { padding: 16px 32px 48px; max-width: 1400px; }
section { margin-top: 24px; }
h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 140px; }
.card-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card-value { font-size: 20px; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.chart { width: 640px; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.chart .grid { stroke: #eef2f6; }
.chart .tick { font-size: 11px; fill: var(--muted); }
.chart .tick.small { font-size: 9px; }
.chart .axis-label { font-size: 11px; fill: var(--muted); }
.chart .marker { stroke-dasharray: 4 3; stroke-width: 1.5; }
.chart .marker-label { font-size: 11px; font-weight: 600; }
.chart .threshold { stroke: #c62828; stroke-dasharray: 2 2; }
figure { margin: 0; }
figure.drifted .chart { border-color: #c62828; }
figcaption { font-size: 12px; color: var(--muted); padding: 2px 4px; }
table { border-collapse: collapse; background: #fff; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; font-weight: 600; }
.badge.ok { background: #e3f4e5; color: #1b5e20; }
.badge.bad { background: #fde7e7; color: #b71c1c; }
.badge.warn { background: #fff1de; color: #a14b00; }
.badge.info { background: #e6eef8; color: #0d47a1; }
.reason { font-weight: 600; color: #b71c1c; }
.reason.ok { color: #1b5e20; }
article { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px 16px 12px; margin: 12px 0; }
code { font-size: 12px; }
`;

export function renderReportHtml(data: ReportData): string {
  const sections = [summarySection(data), versionsSection(data), historySection(data), canarySection(data), driftSection(data), validationSection(data)];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(data.model)}: Pipewright report</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${e(data.model)}</h1><p>Pipewright report, generated ${e(data.generated)} from ${e(data.registry)}</p></header>
<nav><a href="#versions">Versions</a><a href="#history">Aliases</a><a href="#canaries">Canaries</a><a href="#drift">Drift</a><a href="#validation">Data</a></nav>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
