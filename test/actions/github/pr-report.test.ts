// validate-data, train and promote run as the runner runs them, on pull_request and push
// payloads, against the loopback GitHub API (every request checked against GitHub's
// description): check runs with annotations, one PR report comment rewritten in place,
// untrusted strings escaped, and new_champion_registered sent on promotion.
import { describe, expect, it } from 'vitest';
import { docBlock } from '../../support/doc-examples.ts';
import { HEAD_SHA, pullRequestPayload, pushPayload } from '../../support/github-api/events.ts';
import { notices, reportComments, step } from './setup.ts';
import { api, useGitHubSuite, ws } from './suite.ts';

useGitHubSuite();
const SECOND_SHA = '1111111111111111111111111111111111111111';
const HOSTILE_TITLE = 'Fix `x` [click](https://evil.example) @octocat <img src=x>';

const pr = (headSha = HEAD_SHA, title = HOSTILE_TITLE) => ({ name: 'pull_request', payload: pullRequestPayload({ number: 7, title, headSha, headRef: 'feature/@octocat', action: 'synchronize' }) });

describe('on a pull request', () => {
  it('validate, train and promote each publish a check run on the head commit and one section of one comment', async () => {
    ws.write('data.csv', 'id,x\n1,0.5\n2,0.7\n3,[click](https://evil.example) @octocat\n');
    const validated = await step(api, 'validate-data', ws.dir, pr(), { dataset: 'train' });
    expect(validated.exitCode).toBe(1);
    const trained = await step(api, 'train', ws.dir, pr());
    expect(trained.exitCode, trained.stdout).toBe(0);
    ws.write('data.csv', 'id,x\n1,0.5\n2,0.7\n3,0.1\n');
    await step(api, 'validate-data', ws.dir, pr(), { dataset: 'train' });

    expect(api.checkRuns.map((r) => [r.name, r.conclusion, r.head_sha])).toEqual([
      ['pipewright / validate (train)', 'failure', HEAD_SHA],
      ['pipewright / train', 'success', HEAD_SHA],
      ['pipewright / validate (train)', 'success', HEAD_SHA],
    ]);
    const annotations = (api.checkRuns[0]!.output as { annotations: Array<Record<string, unknown>> }).annotations;
    expect(annotations).toContainEqual(expect.objectContaining({ path: 'pipewright.yaml', start_line: 8, annotation_level: 'failure' }));
    expect(api.checkRuns[0]!.details_url).toBe('https://github.com/acme/churn/actions/runs/4242');
    const details = (api.checkRuns[0]!.output as { text: string }).text;
    expect(details).toContain(`Event \`pull_request\` on commit \`${HEAD_SHA.slice(0, 12)}\``);
    expect(details).toMatch(/#### Annotations\n\n- `pipewright\.yaml:8` failure: dataset 'train' column 'x': rule 'type' failed/);

    const comments = reportComments(api, 7);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.indexOf('pipewright:section validate:train')).toBeLessThan(body.indexOf('pipewright:section train'));
    expect(body).toContain('### Training succeeded');
    expect(body).toContain('## ✅ Dataset `train` passed');
  });

  it('escapes untrusted strings: a dataset value, the branch name and the PR title inject no link, mention or HTML', async () => {
    ws.write('data.csv', 'id,x\n1,0.5\n2,0.7\n3,[click](https://e.x) @octocat <b>x</b>\n');
    await step(api, 'validate-data', ws.dir, pr(), { dataset: 'train' });
    const body = reportComments(api, 7)[0]!.body;
    // Inside code spans nothing is Markdown; outside them nothing may link, mention or tag.
    const outsideCode = body.replace(/``[^\n]*?``|`[^`\n]*`/g, '');
    expect(outsideCode).not.toMatch(/\[click\]\(/);
    expect(outsideCode).not.toMatch(/https:\/\//);
    expect(outsideCode).not.toMatch(/@octocat/);
    expect(outsideCode).not.toMatch(/<(b|img)\b/);
    expect(body).toContain('row 3: "\\[click\\](https:&#8203;//e.x) @&#8203;octocat &lt;b>x&lt;/b>"');
    expect(body).toContain(`Pull request #7: \`\`${HOSTILE_TITLE}\`\``);
    expect(body).toContain('branch `feature/@octocat`');
  });

  it('two pushes to the same PR: one comment, rewritten for the new head commit', async () => {
    await step(api, 'validate-data', ws.dir, pr(HEAD_SHA), { dataset: 'train' });
    const first = reportComments(api, 7);
    expect(first).toHaveLength(1);
    expect(first[0]!.body).toContain(`commit ${HEAD_SHA.slice(0, 12)}`);
    await step(api, 'validate-data', ws.dir, pr(SECOND_SHA), { dataset: 'train' });
    const second = reportComments(api, 7);
    expect(second).toHaveLength(1);
    expect(second[0]!.id).toBe(first[0]!.id);
    expect(second[0]!.body).toContain(`commit ${SECOND_SHA.slice(0, 12)}`);
    expect(second[0]!.body).not.toContain(`commit ${HEAD_SHA.slice(0, 12)}`);
    expect(api.checkRuns.map((r) => r.head_sha)).toEqual([HEAD_SHA, SECOND_SHA]);
    expect(api.requests.filter((r) => r.operationId === 'issues/update-comment').length).toBeGreaterThan(0);
  });

  it('finds its comment after 120 others (page 2) and a comment a person edited, and rewrites it', async () => {
    api.seedComments(7, 120, (i) => `LGTM ${i}`);
    await step(api, 'validate-data', ws.dir, pr(), { dataset: 'train' });
    const report = reportComments(api, 7);
    expect(report).toHaveLength(1);
    await step(api, 'train', ws.dir, pr());
    expect(reportComments(api, 7)).toHaveLength(1);
    const pages = api.requests.filter((r) => r.operationId === 'issues/list-comments').map((r) => new URL(r.path, api.url).searchParams.get('page'));
    // Created: looked for, then looked again for a job that raced it; updated: looked for once.
    expect(pages).toEqual(['1', '2', '1', '2', '1', '2']);

    // A person edits it (its author stays the bot): text added, the header marker gone, an @mention typed in.
    const edited = reportComments(api, 7)[0]!;
    edited.body = `${edited.body.replace('<!-- pipewright:report -->', '')}\n\nI think this is wrong @everyone`;
    await step(api, 'validate-data', ws.dir, pr(SECOND_SHA), { dataset: 'train' });
    const rewritten = reportComments(api, 7);
    expect(rewritten).toHaveLength(1);
    expect(rewritten[0]!.id).toBe(edited.id);
    expect(rewritten[0]!.body.startsWith('<!-- pipewright:report -->')).toBe(true);
    expect(rewritten[0]!.body).not.toContain('@everyone');
    expect(rewritten[0]!.body).toContain('pipewright:section train');
  });

  it('promote: gate verdicts, candidate vs champion and a chart per gated metric; new_champion_registered sent', async () => {
    const { trainAndPushIn } = await import('../train-and-push.ts');
    await trainAndPushIn(ws, 0.7);
    await step(api, 'promote', ws.dir, pr());
    await trainAndPushIn(ws, 0.8);
    const promoted = await step(api, 'promote', ws.dir, pr());
    expect(promoted.exitCode).toBe(0);
    const body = reportComments(api, 7)[0]!.body;
    expect(body).toContain('| auc | 0.85 | 0.75 | >= champion + 0 (0.75) | pass |');
    expect(body).toContain('#### Candidate vs champion');
    expect(body).toMatch(/\| accuracy \| 0\.8 \| 0\.7 \| \+0\.1 \|/);
    expect(body).toContain('xychart-beta\n  title "auc by version"');
    expect(api.dispatches).toHaveLength(2);
    expect(api.dispatches[1]).toEqual({
      event_type: 'new_champion_registered',
      client_payload: { model: 'toy', version: 'v2', digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), registry: expect.stringMatching(/^file:/) },
    });
    // docs/github.md shows the same payload keys.
    expect(Object.keys(api.dispatches[1]!.client_payload)).toEqual(Object.keys(JSON.parse(docBlock('github.md', 'new-champion-payload').replace('…', '')) as object));
    expect(api.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([
      ['pipewright / promote', 'success'],
      ['pipewright / promote', 'success'],
    ]);

    // A pull request's training run against champion v2, before anything is pushed.
    ws.editSpec((spec) => {
      spec.train!.params!.quality = 0.75;
    });
    const trained = await step(api, 'train', ws.dir, pr());
    expect(trained.exitCode).toBe(0);
    const section = reportComments(api, 7)[0]!.body;
    expect(section).toContain('### Would not be promoted: this run vs champion v2');
    expect(section).toMatch(/\| auc \| 0\.8 \| 0\.85 \| >= champion \+ 0 \(0\.85\) \| FAIL \|/);
    expect(section).toContain('x-axis ["v1", "v2", "this run"]');
    expect(section).toContain('line [0.75, 0.85, 0.8]');
    expect(trained.summary).toContain('### Would not be promoted');
    expect(api.dispatches).toHaveLength(2);

    // The kill switch from a workflow_dispatch: a rollback check on the commit, no PR report.
    const comments = api.comments.length;
    const rolledBack = await step(api, 'rollback', ws.dir, { name: 'workflow_dispatch', payload: { inputs: { version: '', reason: 'p99 spiked' }, ref: 'refs/heads/main', repository: { full_name: 'acme/churn' } } }, { reason: 'p99 spiked' });
    expect(rolledBack.exitCode, rolledBack.stdout).toBe(0);
    expect(api.checkRuns.at(-1)).toMatchObject({ name: 'pipewright / rollback', conclusion: 'success', head_sha: HEAD_SHA });
    expect((api.checkRuns.at(-1)!.output as { title: string }).title).toContain('champion: v2 -> v1');
    expect(api.comments).toHaveLength(comments);
  });

  it('an invalid spec: a failed check with an annotation at the line of the problem', async () => {
    ws.write('pipewright.yaml', ws.read('pipewright.yaml').replace('    path: data.csv', '    path: data.csv\n    colums: {}'));
    const run = await step(api, 'validate-data', ws.dir, pr(), { dataset: 'train' });
    expect(run.exitCode).toBe(1);
    expect(api.checkRuns).toHaveLength(1);
    expect(api.checkRuns[0]).toMatchObject({ name: 'pipewright / validate (train)', conclusion: 'failure' });
    const annotations = (api.checkRuns[0]!.output as { annotations: Array<Record<string, unknown>> }).annotations;
    expect(annotations[0]).toMatchObject({ path: 'pipewright.yaml', start_line: 6, annotation_level: 'failure' });
  });
});

describe('a comment that only looks like ours', () => {
  it('a person’s comment with a copied marker is left alone: the report is the bot’s own', async () => {
    const decoy = api.addComment(7, '<!-- pipewright:report -->\n## Pipewright report\nall gates pass, trust me', 'User');
    await step(api, 'validate-data', ws.dir, pr(), { dataset: 'train' });
    expect(api.comments.find((c) => c.id === decoy.id)!.body).toContain('trust me');
    const bots = reportComments(api, 7).filter((c) => c.userType === 'Bot');
    expect(bots).toHaveLength(1);
    expect(bots[0]!.body).toContain('pipewright:section validate:train');
  });
});

describe('on other events', () => {
  it('push: the check run goes on the pushed commit; no comment and no notice about one', async () => {
    const run = await step(api, 'validate-data', ws.dir, { name: 'push', payload: pushPayload(SECOND_SHA) }, { dataset: 'train' });
    expect(run.exitCode).toBe(0);
    expect(api.checkRuns.map((r) => r.head_sha)).toEqual([SECOND_SHA]);
    expect(api.comments).toEqual([]);
    expect(notices(run)).toEqual([]);
  });

  it('a pull_request event whose payload has no pull_request: a notice, the check still published, no crash', async () => {
    const run = await step(api, 'validate-data', ws.dir, { name: 'pull_request', payload: { action: 'opened' } }, { dataset: 'train' });
    expect(run.exitCode).toBe(0);
    expect(notices(run).join('\n')).toContain('no pull_request');
    expect(api.checkRuns).toHaveLength(1);
    expect(api.comments).toEqual([]);
  });
});
