export { codeBlock, escapeMarkdown, inlineCode, markdownTable, mermaidBarChart, mermaidLineChart } from './markdown.ts';
export { type ProgressReporter, silentProgress } from './progress.ts';
