// `pipewright report` over a real registry (the demo's: four versions, two canaries, one
// rolled back with the champion), opened from a file:// URL in Chromium: no console errors, and the charts
// hold the registry's numbers.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../shared/src/registry/index.ts';
import { launchChromium } from '../support/browser.ts';
import { docBlock, docCommands } from '../support/doc-examples.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

const screenshots = resolve(import.meta.dirname, '../../test-results');
let ws: PipelineWorkspace;
let browser: Browser;

beforeAll(async () => {
  ws = PipelineWorkspace.from('test/fixtures/train/workspace');
  const demo = await ws.cli(['demo', '--dir', 'demo', '--format', 'json']);
  expect(demo.code).toBe(0);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  ws?.cleanup();
});

describe('pipewright report', () => {
  it('writes one self-contained page and says where (the example of docs/report.md)', async () => {
    const [argv] = docCommands(docBlock('report.md', 'report'));
    const result = await ws.cli([...argv!, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      out: ws.path('report.html'),
      versions: ['v1', 'v2', 'v3', 'v4'],
      aliases: { champion: 'v4', production: 'v2' },
      canaries: [
        { version: 'v2', outcome: 'promoted' },
        { version: 'v3', outcome: 'rolled-back' },
      ],
    });
    const html = readFileSync(ws.path('report.html'), 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('renders in Chromium from file:// without console errors, charting the registry numbers', async () => {
    await ws.cli(['report', 'demo/pipewright.yaml', '--out', 'report.html']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`request to ${r.url()}`));
    await page.goto(pathToFileURL(ws.path('report.html')).href);
    const registry = openRegistry('file:.pipewright/registry', { workspace: ws.path('demo') });
    const versions = await registry.list();
    const auc = Object.fromEntries(versions.map((v) => [v.card.version, v.card.metrics.auc]));
    const charted = await page.$$eval('svg[data-metric="auc"] circle', (dots) => dots.map((d) => [d.getAttribute('data-x'), Number(d.getAttribute('data-value'))]));
    expect(Object.fromEntries(charted)).toEqual(auc);
    expect(await page.textContent('[data-card="champion"] .card-value')).toBe('v4');
    expect(await page.textContent('[data-card="production"] .card-value')).toBe('v2');
    // The canary's rollback of v3 is in the history, with its reason.
    expect(await page.textContent('table.history')).toMatch(/v3 → v2[\s\S]*rollback[\s\S]*canary v3: errors/);
    // Each canary's weights and measurements, as the registry stored them.
    const registryCanaries = JSON.parse(new TextDecoder().decode((await registry.readReport('v3', 'canary'))!));
    const weights = registryCanaries.timeline.filter((e: { kind: string }) => e.kind === 'weight').map((e: { weight: number }) => e.weight);
    expect(await page.getAttribute('svg[data-canary="v3"][data-metric="errors"]', 'data-weights')).toBe(`0,${weights.join(',')},0`);
    expect(await page.$$eval('svg[data-canary="v3"] line[data-marker]', (lines) => lines.map((l) => l.getAttribute('data-marker')))).toEqual(['rollback']);
    const failed = await page.$$eval('svg[data-canary="v3"] circle[data-verdict="fail"]', (dots) => dots.map((d) => Number(d.getAttribute('data-value'))));
    const measuredFail = registryCanaries.timeline.filter((e: { kind: string; verdict?: string }) => e.kind === 'measurement' && e.verdict === 'fail').map((e: { value: number }) => e.value);
    expect(failed).toEqual(measuredFail);
    expect(await page.getAttribute('article.canary[data-version="v2"]', 'data-outcome')).toBe('promoted');
    // Drift per column, reference vs current, for every compared column.
    const driftColumns = await page.$$eval('svg[data-column]', (svgs) => svgs.map((s) => s.getAttribute('data-column')));
    expect(driftColumns).toEqual(expect.arrayContaining(['age', 'plan', 'spend_30d']));
    expect(await page.getAttribute('article.dataset[data-dataset="train"]', 'data-passed')).toBe('true');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
