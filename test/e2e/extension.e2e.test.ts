// The extension in a real VS Code: code-server 4.100.3 with the built .vsix installed, driven
// in Chromium. It opens a copy of examples/churn (two local runs, two model versions), breaks
// the spec and sees the squiggle on that line with `pipewright check`'s message, a hover, a
// completion, a command's output, the runs (local and from a loopback GitHub that answers as
// GitHub's OpenAPI description says) and the registry. Screenshots go to test-results/e2e/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkSpecText } from '../../shared/src/spec/index.ts';
import { type GitHubRunsServer, sampleRuns, startGitHubRunsServer } from '../support/github-runs-server.ts';
import { prepareChurnWorkspace } from './support/churn-workspace.ts';
import { openVsCode, requirePrerequisites, type VsCode } from './support/code-server.ts';
import { clickUntil, goTo, lineText, openFile, outputText, runCommand, squiggleLines, TIMEOUT, viewRows, waitUntil } from './support/workbench.ts';

// Each step waits for what it expects (at most 30 s per wait); a step may wait several times
// on a machine shared with other work.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const root = join(import.meta.dirname, '../..');
const shots = join(root, 'test-results/e2e');
const REPOSITORY = 'acme/churn';

let home: string;
let workspace: string;
let github: GitHubRunsServer;
let vscode: VsCode | undefined;
let page: Page;
let editor: Locator;
const startedAt = Date.now();

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

beforeAll(() => {
  requirePrerequisites();
  mkdirSync(shots, { recursive: true });
  home = mkdtempSync(join(tmpdir(), 'pw-e2e-'));
});

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
  console.log(`end-to-end: ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all`);
});

// What the screen showed when a step failed, named after the step.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !page || page.isClosed()) return;
  await page.screenshot({ path: join(shots, `failed-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => {});
});

async function closeVsCode(last: string): Promise<void> {
  if (page && !page.isClosed()) await page.screenshot({ path: join(shots, `${last}.png`) }).catch(() => {});
  await vscode?.close();
  vscode = undefined;
}

describe('the Pipewright extension in code-server', () => {
  beforeAll(async () => {
    workspace = join(home, 'churn');
    prepareChurnWorkspace(workspace, REPOSITORY);
    github = await startGitHubRunsServer(REPOSITORY, sampleRuns('main'));
    vscode = await openVsCode(join(home, 'vscode'), workspace, { 'pipewright.github.apiUrl': github.url });
    page = vscode.page;
  }, 240_000);

  afterAll(async () => {
    await closeVsCode('last');
    await github?.close();
  });

  const specText = () => readFileSync(join(workspace, 'pipewright.yaml'), 'utf8');
  let shareLine = 0;

  it('shows a squiggle on the broken line with the message `pipewright check` prints', async () => {
    editor = await openFile(page, 'pipewright.yaml');
    shareLine = specText().split('\n').findIndex((l) => l.startsWith('  share:')) + 1;
    expect(shareLine).toBeGreaterThan(0);
    await goTo(page, shareLine, 3);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('shar: 0.5');
    expect(await lineText(editor, shareLine)).toBe('  shar: 0.5');
    const lines = await waitUntil('an error squiggle', () => squiggleLines(editor), (l) => l.length > 0);
    expect(lines).toEqual([shareLine]);

    // The same text the checker gives for the same broken spec.
    const broken = specText().replace('\n  share: 0.5', '\n  shar: 0.5');
    const expected = checkSpecText(broken, join(workspace, 'pipewright.yaml')).filter((d) => d.severity === 'error');
    expect(expected.map((d) => d.line)).toEqual([shareLine]);
    await runCommand(page, 'Problems: Focus on Problems View');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: expected[0]!.message });
    await problem.first().waitFor({ timeout: TIMEOUT });
    expect(await problem.first().innerText()).toContain(`[Ln ${shareLine}, Col ${expected[0]!.column}]`);
    await shot('1-diagnostic');
  });

  it('accepts a completion of the key the spec expects there', async () => {
    await goTo(page, shareLine, 3);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('sha');
    await page.keyboard.press('Control+Space');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'share' }).first();
    await item.waitFor({ timeout: TIMEOUT });
    await shot('2-completion');
    await item.click();
    const completed = await waitUntil('the accepted completion', () => lineText(editor, shareLine), (t) => t.startsWith('  share'));
    // The item may insert `share` or `share: `: finish the line either way.
    await page.keyboard.press('End');
    await page.keyboard.type(completed.includes(':') ? (completed.endsWith(' ') ? '0.5' : ' 0.5') : ': 0.5');
    expect(await lineText(editor, shareLine)).toBe('  share: 0.5');
    await waitUntil('no squiggle', () => squiggleLines(editor), (l) => l.length === 0);
  });

  it("shows the schema's description on hover", async () => {
    const nameLine = specText().split('\n').findIndex((l) => l.startsWith('name:')) + 1;
    await goTo(page, nameLine, 2);
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover-content', { hasText: "The model's name" });
    await hover.first().waitFor({ timeout: TIMEOUT });
    await shot('3-hover');
    await page.keyboard.press('Escape');
  });

  it('runs "Pipewright: Check the spec" with its report in the Pipewright output', async () => {
    await runCommand(page, 'Pipewright: Check the spec');
    await waitUntil('the check report', () => outputText(page), (t) => t.includes('$ pipewright check pipewright.yaml\npipewright.yaml: ok\n[exit 0]'));
    await shot('4-command-output');
  });

  it('lists the GitHub workflow runs with their stages, the local runs and the registry versions', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Pipewright"]').click();
    const runs = await waitUntil(
      'the runs view',
      () => viewRows(page, 'Pipeline runs'),
      (rows) => rows.some((r) => r.includes('Pipewright train #42')) && rows.filter((r) => /\d{8}T\d{6}Z-[0-9a-f]{8}/.test(r)).length === 2,
    );
    expect(runs.find((r) => r.includes('#42'))).toContain('success');
    expect(runs.find((r) => r.includes('#41'))).toContain('failure');
    const versions = await waitUntil('the registry view', () => viewRows(page, 'Model registry'), (rows) => rows.some((r) => r.startsWith('v2')) && rows.some((r) => r.startsWith('v1')));
    expect(versions.find((r) => r.startsWith('v2'))).toContain('★ champion');
    // Expand the newest GitHub run: its Pipewright stages with durations and the model version.
    const run42 = page.locator('.monaco-list-row', { hasText: 'Pipewright train #42' });
    await clickUntil(run42, page.locator('.monaco-list-row[aria-expanded="true"]', { hasText: 'Pipewright train #42' }), 1);
    const stages = await waitUntil('the stages', () => viewRows(page, 'Pipeline runs'), (rows) => rows.some((r) => r.includes('pipewright / promote')));
    expect(stages.find((r) => r.includes('pipewright / promote'))).toContain('v3');
    await page.locator('.statusbar-item', { hasText: 'champion v2' }).first().waitFor({ timeout: TIMEOUT });
    await shot('5-views');
    // The marketplace page's picture (extension/README.md), refreshed on request only, so a
    // test run leaves the tree clean: PIPEWRIGHT_README_SCREENSHOT=1 pnpm exec vitest run test/e2e
    if (process.env.PIPEWRIGHT_README_SCREENSHOT === '1') {
      // A wider side bar, so run ids and metrics read whole.
      const sash = page.locator('.part.sidebar').boundingBox();
      const box = (await sash)!;
      await page.mouse.move(box.x + box.width + 1, box.y + 200);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width + 160, box.y + 200, { steps: 5 });
      await page.mouse.up();
      await page.mouse.move(box.x + 700, box.y + 300);
      await page.locator('.monaco-sash.hover, .monaco-sash.active').first().waitFor({ state: 'detached', timeout: TIMEOUT }).catch(() => {});
      await page.screenshot({ path: join(root, 'extension/media/screenshot.png') });
    }
    // A refresh asks with If-None-Match: GitHub's answer is a 304, which costs no rate limit.
    const before = github.requests.length;
    await runCommand(page, 'Pipewright: Refresh');
    await waitUntil('a conditional request answered 304', async () => github.requests.slice(before), (sent) => sent.some((r) => r.status === 304 && r.ifNoneMatch !== null));
    // Every request the extension sent was one GitHub's description allows.
    expect(github.violations).toEqual([]);
    expect(github.requests.length).toBeGreaterThan(0);
  });

  it('validates a dataset picked from the spec', async () => {
    await runCommand(page, 'Pipewright: Validate a dataset');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'train' }).first();
    await pick.waitFor({ timeout: TIMEOUT });
    await page.locator('.quick-input-widget input').fill('train');
    await page.keyboard.press('Enter');
    await waitUntil('the validation report', () => outputText(page), (t) => t.includes('$ pipewright validate pipewright.yaml --dataset train') && t.includes('[exit 0]'));
    await page.locator('.notification-toast', { hasText: 'dataset train passed its contract' }).first().waitFor({ timeout: TIMEOUT });
  });

  it('opens a model card from the registry view and rolls the champion back after a confirmation', async () => {
    const registry = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Model registry' }) });
    const v2 = registry.locator('.monaco-list-row', { hasText: /^v2/ }).first();
    await clickUntil(v2, page.locator('.tab[aria-label*="v2.md"]'));
    const card = page.locator('.editor-instance .monaco-editor .view-lines', { hasText: '# churn v2' });
    await card.first().waitFor({ timeout: TIMEOUT });
    expect((await card.first().innerText()).replace(/\u00a0/g, ' ')).toContain('| accuracy |');
    await shot('7-model-card');

    await v2.hover();
    const dialog = page.locator('.monaco-dialog-box');
    await clickUntil(v2.locator('.action-label[aria-label="Roll back the champion"]'), dialog);
    expect(await dialog.innerText()).toContain('Roll back the champion from v2 to the previous champion?');
    await shot('8-rollback-confirmation');
    await dialog.locator('.monaco-button', { hasText: 'Roll back' }).click();
    await waitUntil('v1 as champion', () => viewRows(page, 'Model registry'), (rows) => rows.some((r) => r.startsWith('v1') && r.includes('★ champion')));
    await page.locator('.statusbar-item', { hasText: 'champion v1' }).first().waitFor({ timeout: TIMEOUT });
    expect(await outputText(page)).toContain('$ pipewright rollback pipewright.yaml --reason rolled back from VS Code');
  });

  it('runs the whole pipeline from the command palette and lists the new run and version', async () => {
    await runCommand(page, 'Pipewright: Run the pipeline locally');
    await waitUntil('the pipeline report', () => outputText(page), (t) => t.includes('Pipeline passed') && t.includes('[exit 0]'));
    const runs = await waitUntil('a third local run', () => viewRows(page, 'Pipeline runs'), (rows) => rows.filter((r) => /\d{8}T\d{6}Z-[0-9a-f]{8}/.test(r)).length === 3);
    expect(runs.find((r) => r.startsWith('Local runs'))).toBe('Local runs 3');
    await waitUntil('v3 as champion', () => viewRows(page, 'Model registry'), (rows) => rows.some((r) => r.startsWith('v3') && r.includes('★ champion')));
  });

  it('shows GitHub failures (500, 401, rate limit) in the view with one notification each, not a storm', async () => {
    const answered = (status: number) => github.requests.filter((r) => r.status === status).length;
    const refreshUntilAnswered = async (status: number) => {
      const before = answered(status);
      await runCommand(page, 'Pipewright: Refresh');
      await waitUntil(`a ${status} answer`, async () => answered(status), (n) => n > before);
    };
    const toasts = (text: string) => page.locator('.notification-toast', { hasText: text });
    try {
      github.mode = 'server-error';
      for (let i = 0; i < 3; i++) await refreshUntilAnswered(500);
      await waitUntil('the 500 in the view', () => viewRows(page, 'Pipeline runs'), (rows) => rows.some((r) => r.includes('GitHub answered 500')));
      await toasts('GitHub answered 500').first().waitFor({ timeout: TIMEOUT });
      expect(await toasts('GitHub answered 500').count()).toBe(1);
      // The last known runs stay listed under the problem.
      expect((await viewRows(page, 'Pipeline runs')).some((r) => r.includes('Pipewright train #42'))).toBe(true);
      await shot('6-github-500');

      github.mode = 'unauthorized';
      for (let i = 0; i < 2; i++) await refreshUntilAnswered(401);
      await waitUntil('the 401 in the view', () => viewRows(page, 'Pipeline runs'), (rows) => rows.some((r) => r.includes('GitHub refused the credentials (401)')));
      expect(await toasts('GitHub refused the credentials').count()).toBe(1);

      github.mode = 'rate-limited';
      github.rateLimitReset = Math.floor(Date.now() / 1000) + 15 * 60;
      const reset = new Date(github.rateLimitReset * 1000).toISOString().slice(11, 16);
      await refreshUntilAnswered(403);
      await waitUntil('the rate limit in the view', () => viewRows(page, 'Pipeline runs'), (rows) => rows.some((r) => r.includes(`requests allowed again at ${reset} UTC`)));
      await toasts('GitHub rate limit reached').first().waitFor({ timeout: TIMEOUT });
      expect(await toasts('GitHub rate limit reached').count()).toBe(1);
      await shot('6b-github-rate-limit');
    } finally {
      github.mode = 'ok';
    }
    expect(github.violations).toEqual([]);
  });
});

describe('the extension in a workspace without a spec', () => {
  beforeAll(async () => {
    const empty = join(home, 'empty');
    mkdirSync(empty);
    vscode = await openVsCode(join(home, 'vscode-empty'), empty, {});
    page = vscode.page;
  }, 240_000);

  afterAll(() => closeVsCode('last-empty'));

  it('says there is no spec, in the views and when a command is run, without a crash', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Pipewright"]').click();
    // Both views show their welcome text (they have no nodes), even after the extension started.
    const welcome = page.locator('.pane .welcome-view-content', { hasText: 'No pipewright.yaml in this workspace' });
    await waitUntil('both welcome texts', () => welcome.count(), (n) => n === 2);
    await runCommand(page, 'Pipewright: Check the spec');
    await page.locator('.notification-toast', { hasText: 'no pipewright.yaml in this workspace' }).first().waitFor({ timeout: TIMEOUT });
    await runCommand(page, 'Pipewright: Run the pipeline locally');
    await waitUntil('one notice per command run', () => page.locator('.notification-toast', { hasText: 'no pipewright.yaml' }).count(), (n) => n >= 1);
    expect(await page.locator('.statusbar-item', { hasText: 'champion' }).count()).toBe(0);
    expect(await welcome.count()).toBe(2);
    await shot('9-no-spec');
  });
});
