// A real VS Code for the end-to-end test: code-server 4.100.3 from .cache/code-server (installed
// by scripts/setup/code-server.sh), every directory it writes under one temp dir, started in
// its own process group and killed as a group (its file watcher outlives the main process).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../support/browser.ts';
import { stopGroup } from '../../support/process-group.ts';
import { freePort } from '../../support/servers.ts';

const root = join(import.meta.dirname, '../../..');
export const CODE_SERVER = join(root, '.cache/code-server/node_modules/.bin/code-server');
export const VSIX = join(root, 'extension/dist/pipewright.vsix');

/** Fails with what to run when a prerequisite is missing: this test never skips. */
export function requirePrerequisites(): void {
  if (!existsSync(CODE_SERVER)) {
    throw new Error(`code-server is missing (${CODE_SERVER}): run 'bash scripts/setup/code-server.sh' (CI runs it from .ci/run)`);
  }
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run 'pnpm build' first`);
  if (!existsSync('/usr/bin/chromium')) throw new Error("Chromium is missing at /usr/bin/chromium: 'apt-get install chromium' (.ci/run installs it)");
}

export interface CodeServer {
  url: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Installs the .vsix and starts code-server on `workspace` with these user settings. */
export async function startCodeServer(home: string, workspace: string, settings: Record<string, unknown>): Promise<CodeServer> {
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    // The extension's own child processes must not pick up a developer's token or settings.
    GITHUB_TOKEN: '',
  };
  await promisify(execFile)(CODE_SERVER, ['--install-extension', VSIX, '--user-data-dir', userData, '--extensions-dir', extensions], { env, timeout: 120_000 });
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    CODE_SERVER,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  // Ready when /healthz answers.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, log: () => output, stop };
}

/** Settings that keep the workbench quiet: no welcome page, tips, update or gallery checks. */
const QUIET = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'files.autoSave': 'off',
};

export interface VsCode {
  page: Page;
  close(): Promise<void>;
}

/** code-server on `workspace` with the extension installed, opened in Chromium; ready when the workbench shows. */
export async function openVsCode(home: string, workspace: string, settings: Record<string, unknown>): Promise<VsCode> {
  const server = await startCodeServer(home, workspace, { ...QUIET, ...settings });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const opened = browser;
    return {
      page,
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}
