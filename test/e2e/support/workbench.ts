// Driving VS Code's workbench in Chromium the way a person does: the command palette, quick
// open, go to line, the keyboard. Every step waits for what it expects to see.
import type { Locator, Page } from 'playwright-core';

export const TIMEOUT = 30_000;

/** The little of a DOM element these page functions touch (the test's tsconfig has no DOM lib). */
interface El {
  style: { top: string };
  textContent: string | null;
  innerText: string;
  parentElement: El | null;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
}

/** Runs a command palette entry by its title ("Pipewright: Check the spec"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  // The palette is gone, or a command's own quick pick took its place (no '>' any more).
  await waitUntil(
    'the command palette to close',
    async () => ((await page.locator('.quick-input-widget').isVisible()) ? await input.inputValue() : ''),
    (value) => !value.startsWith('>'),
  );
}

/** Opens a workspace file with quick open and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<Locator> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[aria-label*="${name}"]`).first().waitFor({ timeout: TIMEOUT });
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line').first().waitFor({ timeout: TIMEOUT });
  return editor;
}

/** Puts the cursor at line:column (1-based) with Go to Line. */
export async function goTo(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  // Go to Line opens quick input with ':' typed; fill replaces it, so type it again.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

/** The text of the editor line shown at `line` (1-based), read from the rendered view. */
export async function lineText(editor: Locator, line: number): Promise<string> {
  const text = await editor.evaluate((root: El, n: number) => {
    const numbers = [...root.querySelectorAll('.margin-view-overlays .line-numbers')];
    const number = numbers.find((e) => e.textContent?.trim() === String(n));
    if (!number) return null;
    const top = (number.parentElement as El).style.top;
    const view = [...root.querySelectorAll('.view-lines .view-line')].find((e) => e.style.top === top);
    return view?.textContent ?? null;
  }, line);
  if (text === null) throw new Error(`line ${line} is not rendered`);
  return text.replace(/\u00a0/g, ' ');
}

/** The 1-based line numbers that show an error squiggle. */
export async function squiggleLines(editor: Locator): Promise<number[]> {
  return editor.evaluate((root: El) => {
    const tops = new Set([...root.querySelectorAll('.view-overlays .squiggly-error')].map((s) => (s.parentElement as El).style.top));
    const lines: number[] = [];
    for (const number of root.querySelectorAll('.margin-view-overlays .line-numbers')) {
      if (tops.has((number.parentElement as El).style.top)) lines.push(Number(number.textContent?.trim()));
    }
    return lines.sort((a, b) => a - b);
  });
}

/** Polls `read` until `accept` holds (a condition, not a sleep); throws with the last value. */
export async function waitUntil<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeout = TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The visible text of the Output panel, spaces normalised. */
export async function outputText(page: Page): Promise<string> {
  const lines = page.locator('.part.panel .view-lines');
  if ((await lines.count()) === 0) return '';
  return (await lines.first().innerText()).replace(/\u00a0/g, ' ');
}

/** The rows of a side-bar view, by the view's title: each row's label and description. */
export async function viewRows(page: Page, viewTitle: string): Promise<string[]> {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: viewTitle }) });
  return pane.locator('.monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => {
      const r = row as unknown as El & { querySelector(s: string): El | null };
      const text = (selector: string) => r.querySelector(selector)?.textContent?.trim() ?? '';
      return [text('.label-name'), text('.label-description')].filter(Boolean).join(' ');
    }),
  );
}

/**
 * Clicks `target` until `shows` appears: a tree view re-renders its rows when it refreshes,
 * and a click that lands mid-render is lost.
 */
export async function clickUntil(target: Locator, shows: Locator, attempts = 5): Promise<void> {
  for (let i = 1; ; i++) {
    await target.click();
    try {
      await shows.first().waitFor({ timeout: TIMEOUT / attempts });
      return;
    } catch (error) {
      if (i === attempts) throw error;
    }
  }
}
