// Untrusted strings in Markdown: whatever a dataset value, branch name or PR title holds,
// it renders as text, with no link, mention, HTML or broken table.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeBlock, escapeMarkdown, inlineCode, markdownTable } from '../../../shared/src/report/index.ts';

describe('escapeMarkdown', () => {
  it('keeps plain identifiers and rules as they read', () => {
    for (const text of ['spend_30d', 'customer_id', 'v3', '>= champion + 0 (0.75)', 'sha256:ab12', '0.85', 'a-b.c']) expect(escapeMarkdown(text)).toBe(text);
  });

  it('neutralises links, images, autolinks, mentions, references, HTML and emphasis', () => {
    expect(escapeMarkdown('[x](https://evil.example)')).toBe('\\[x\\](https:&#8203;//evil.example)');
    expect(escapeMarkdown('![i](http://e/i.png)')).toBe('!\\[i\\](http:&#8203;//e/i.png)');
    expect(escapeMarkdown('see www.evil.example')).toBe('see www&#8203;.evil.example');
    expect(escapeMarkdown('cc @octocat and a@b.io')).toBe('cc @&#8203;octocat and a@&#8203;b.io');
    expect(escapeMarkdown('fixes #12')).toBe('fixes #&#8203;12');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)>');
    expect(escapeMarkdown('&#64;octocat')).toBe('&amp;#&#8203;64;octocat');
    expect(escapeMarkdown('**bold** _it_ ~~s~~ `c`')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`c\\`');
    expect(escapeMarkdown('a|b\nc\\')).toBe('a\\|b c\\\\');
  });

  it('for any string: one line, no raw tag, link bracket, pipe, mention or autolink', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const out = escapeMarkdown(text);
        expect(out).not.toMatch(/[\r\n<]/);
        expect(out).not.toMatch(/(^|[^\\])(\\\\)*[[\]|`*]/);
        expect(out).not.toMatch(/@(?!&#8203;)/);
        expect(out).not.toMatch(/:\/\//);
      }),
    );
  });

  it('makes table cells that cannot split or end the row', () => {
    const table = markdownTable(['value'], [['a | b\n| c |']]);
    expect(table.split('\n')[2]).toBe('| a \\| b \\| c \\| |');
  });
});

describe('inlineCode and codeBlock', () => {
  it('fences longer than any backtick run inside', () => {
    expect(inlineCode('main')).toBe('`main`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(inlineCode('two\nlines')).toBe('`two lines`');
  });

  it('a log tail with ``` cannot close the block', () => {
    const block = codeBlock('ok\n```\n## injected\n````');
    expect(block.startsWith('`````\n')).toBe(true);
    expect(block.endsWith('\n`````\n')).toBe(true);
  });
});
