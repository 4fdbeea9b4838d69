// The PR report's pure parts: sections by marker, their order, a person's edits dropped,
// and the run context read from event payloads.
import { describe, expect, it } from 'vitest';
import { checkName, composeReport, parseReportSections, REPORT_MARKER, runContextFrom, sectionKey, sectionText, truncateOutput } from '../../../shared/src/github/index.ts';
import { pullRequestPayload, pushPayload, schedulePayload } from '../../support/github-api/events.ts';

const PR = { number: 7, title: 'Retrain', headRef: 'feature/x', headSha: 'a'.repeat(40), baseRef: 'main', fromFork: false };

describe('report sections', () => {
  it('composes sections in pipeline order and parses them back', () => {
    const sections = new Map([
      ['drift', 'D'],
      ['train', 'T'],
      ['validate:live', 'VL'],
      ['validate:train', 'VT'],
      ['promote', 'P'],
    ]);
    const body = composeReport(PR, sections);
    expect(body.startsWith(REPORT_MARKER)).toBe(true);
    const order = [...body.matchAll(/pipewright:section (\S+)/g)].map((m) => m[1]);
    expect(order).toEqual(['validate:live', 'validate:train', 'train', 'promote', 'drift']);
    expect(parseReportSections(body)).toEqual(sections);
  });

  it('drops what a person added outside sections, and a section whose end marker was deleted', () => {
    const body = composeReport(PR, new Map([['train', 'T'], ['promote', 'P']]));
    const edited = `hello @everyone\n${body.replace('<!-- pipewright:end promote -->', '')}\nmore text`;
    expect([...parseReportSections(edited).keys()]).toEqual(['train']);
  });

  it('stays under GitHub’s 65,536-character comment limit however many sections grow', () => {
    const big = new Map(['validate:a', 'validate:b', 'train', 'promote', 'deploy', 'drift', 'rollback'].map((k) => [k, sectionText({ stage: 'train', markdown: 'y'.repeat(20_000) }, 'c'.repeat(40))]));
    const body = composeReport({ ...PR, title: 't'.repeat(300) }, big);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect([...parseReportSections(body).keys()]).toHaveLength(7);
  });

  it('keys are safe in a marker whatever the qualifier', () => {
    expect(sectionKey({ stage: 'validate', qualifier: 'a b-->c' })).toBe('validate:a-b---c');
    expect(checkName({ stage: 'validate', qualifier: 'train' })).toBe('pipewright / validate (train)');
    expect(sectionText({ stage: 'train', markdown: 'x' }, 'b'.repeat(40))).toContain('commit bbbbbbbbbbbb');
  });

  it('cuts output to GitHub’s limit, saying so', () => {
    const cut = truncateOutput('x'.repeat(70_000));
    expect(cut.length).toBeLessThanOrEqual(65_535);
    expect(cut).toContain('cut to fit');
    const open = truncateOutput(`<details>\n\n\`\`\`mermaid\n${'x\n'.repeat(500)}`, 200);
    expect(open.length).toBeLessThanOrEqual(200);
    expect((open.match(/^```/gm) ?? []).length).toBe(2);
    expect(open).toContain('</details>');
  });
});

describe('runContextFrom', () => {
  const env = { GITHUB_REPOSITORY: 'acme/churn', GITHUB_RUN_ID: '9', GITHUB_SHA: 'c'.repeat(40), GITHUB_SERVER_URL: 'https://github.com' };

  it('a pull request: the head commit (not the merge commit), the PR and whether it comes from a fork', () => {
    const own = runContextFrom({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequestPayload({ number: 3, headSha: 'd'.repeat(40) }));
    expect(own).toMatchObject({ owner: 'acme', repo: 'churn', headSha: 'd'.repeat(40), pullRequest: { number: 3, fromFork: false }, runUrl: 'https://github.com/acme/churn/actions/runs/9' });
    const fork = runContextFrom({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequestPayload({ headRepo: 'mallory/churn' }));
    expect(fork.pullRequest?.fromFork).toBe(true);
  });

  it('push, schedule and an empty payload fall back to the pushed commit or GITHUB_SHA', () => {
    expect(runContextFrom({ ...env, GITHUB_EVENT_NAME: 'push' }, pushPayload('e'.repeat(40))).headSha).toBe('e'.repeat(40));
    expect(runContextFrom({ ...env, GITHUB_EVENT_NAME: 'schedule' }, schedulePayload())).toMatchObject({ headSha: 'c'.repeat(40), pullRequest: undefined });
    expect(runContextFrom(env, null).headSha).toBe('c'.repeat(40));
  });
});
