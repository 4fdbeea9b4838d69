// Golden tests: each invalid spec in test/fixtures/spec/invalid gives exactly these diagnostics
// (`line:column-endLine:endColumn severity [code] message`, 1-based, end exclusive).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSpecText } from '../../../shared/src/spec/index.ts';

const dir = join(import.meta.dirname, '../../fixtures/spec/invalid');

const expected: Record<string, string[]> = {
  'alias-bomb': [
    '8:12-8:14 error [alias-bomb] aliases expand this spec past 200000 nodes: the spec looks like an alias bomb ("billion laughs")',
  ],
  'canary-step-two-keys': [
    '13:9-13:19 error [invalid-step] a canary step takes exactly one of \'weight\', \'pause\', \'analysis\', found \'weight\', \'pause\'',
  ],
  'column-type': [
    '8:20-8:25 error [invalid-value] expected one of \'string\', \'integer\', \'number\', \'boolean\', \'date\', \'timestamp\' for \'type\', found \'float\'',
  ],
  'conflicting-source': [
    '11:5-11:8 error [conflicting-source] dataset \'db\' has both \'path\' and \'sql\': keep one',
  ],
  'date-bound': [
    '8:34-8:43 error [invalid-date] expected an ISO date such as \'2024-01-31\' for \'min\' of date column \'signup\', found \'last-year\'',
  ],
  'drift-method': [
    '13:11-13:14 error [invalid-value] expected one of \'auto\', \'ks\', \'chi2\', \'psi\', \'wasserstein\', \'jensenshannon\' for \'method\', found \'kss\' — did you mean \'ks\'?',
  ],
  'drift-unknown-current': [
    '11:12-11:16 error [unknown-dataset] drift \'current\' names unknown dataset \'live\' (defined: train)',
  ],
  'drift-unknown-reference': [
    '10:14-10:22 error [unknown-dataset] drift \'reference\' names unknown dataset \'training\' (defined: train)',
  ],
  'duplicate-key': [
    '12:3-12:12 error [duplicate-key] duplicate key \'reference\' (first defined on line 10): the later value would silently win',
  ],
  'empty': [
    '1:1-1:2 error [empty-spec] the spec is empty: expected a mapping with at least \'version: 1\' and \'name\'',
  ],
  'enum-did-you-mean': [
    '6:13-6:16 error [invalid-value] expected one of \'csv\', \'jsonl\', \'parquet\' for \'format\', found \'cvs\' — did you mean \'csv\'?',
  ],
  'gate-delta-without-vs': [
    '11:22-11:31 error [delta-without-vs] gate \'auc\': a delta needs \'vs\' (e.g. \'vs: champion\') to compare with',
  ],
  'gate-vs-without-delta': [
    '11:22-11:24 error [gate-without-bound] gate \'auc\': \'vs\' needs \'min-delta\' or \'max-delta\'',
  ],
  'invalid-command': [
    '10:8-10:47 error [invalid-command] cannot split the command \'python3 -m churn.train --name "unclosed\': a quote is not closed',
  ],
  'invalid-duration': [
    '11:12-11:22 error [invalid-duration] expected a duration such as \'250ms\', \'60s\', \'30m\', \'2h\', \'1d\' or \'1h30m\' for \'timeout\', found \'60 seconds\'',
  ],
  'invalid-name': [
    '9:3-9:12 error [invalid-name] invalid name \'live data\' under \'datasets\': use letters, digits, \'_\' and \'-\', starting with a letter or \'_\'',
  ],
  'invalid-pattern': [
    '7:36-7:47 error [invalid-pattern] \'pattern\' is not a valid regular expression: Unterminated group',
  ],
  'like-cycle': [
    '11:11-11:12 error [like-cycle] \'like\' cycle: a → b → a',
  ],
  'like-unknown': [
    '11:11-11:16 error [unknown-dataset] dataset \'live\': \'like\' names unknown dataset \'trian\' — did you mean \'train\'?',
  ],
  'metric-provider': [
    '15:7-15:13 error [metric-provider] metric \'health\' needs exactly one provider (\'prometheus\', \'http\', \'run\' or \'traffic\'), found \'http\' and \'run\'',
  ],
  'min-above-max': [
    '8:34-8:37 error [min-above-max] \'min\' 120 is greater than \'max\' 18: no value can pass',
  ],
  'missing-name': [
    '1:1-1:11 error [missing-key] missing required key \'name\' at the top level',
  ],
  'missing-source': [
    '9:3-9:7 error [missing-source] dataset \'live\' has neither \'path\' nor \'sql\' (they are not inherited through \'like\')',
  ],
  'missing-target-config': [
    '10:11-10:16 error [missing-target-config] target \'nginx\' needs a \'deploy.nginx\' section',
  ],
  'mostly-out-of-range': [
    '7:50-7:53 error [out-of-range] \'mostly\' must be in (0, 1], found 1.5',
  ],
  'multiple-documents': [
    '3:1-3:4 error [multiple-documents] the spec must be one YAML document: remove the second `---`',
  ],
  'needs-cycle': [
    '15:13-15:21 error [needs-cycle] \'needs\' cycle: features → clean → features',
  ],
  'needs-unknown': [
    '12:13-12:20 error [unknown-stage] \'needs\' names unknown step \'validat\' — did you mean \'validate\'?',
  ],
  'nginx-host-port': [
    '11:58-11:67 error [invalid-format] expected host:port such as 127.0.0.1:8001 for \'stable\', found \'localhost\'',
  ],
  'not-a-mapping': [
    '1:1-1:13 error [wrong-type] expected a mapping for the spec, found a list',
  ],
  'path-escape': [
    '5:11-5:30 error [path-escape] path \'../../../etc/passwd\' resolves outside the workspace: paths in a spec stay inside its directory',
  ],
  'registry-url': [
    '10:8-10:26 error [invalid-format] expected \'file:<dir>\' or \'oci://<host>/<repository>\' for \'url\', found \'s3://bucket/models\'',
  ],
  'recursive-alias': [
    "6:11-6:17 error [recursive-alias] alias '*train' is used inside the node its anchor names, so its value would never end: refer to a node outside it",
  ],
  'reserved-stage-name': [
    '10:3-10:11 error [reserved-stage-name] \'validate\' is a built-in step; name the stage something else',
  ],
  'share-out-of-range': [
    '13:10-13:11 error [out-of-range] \'share\' must be in (0, 1], found 0',
  ],
  'sql-missing-table': [
    '10:5-10:8 error [missing-key] missing required key \'table\' under \'datasets.customers.sql\'',
  ],
  'too-deep': [
    '4:109-4:110 error [too-deep] the YAML is nested more than 100 levels deep: flatten it',
  ],
  'tabs': [
    '4:1-4:2 error [tab-indent] tabs are not allowed for indentation in YAML: indent with spaces',
    '5:1-5:3 error [tab-indent] tabs are not allowed for indentation in YAML: indent with spaces',
  ],
  'template-mapping': [
    '10:38-10:58 error [unknown-template-ref] \'{{ datasets.train }}\' is a mapping, not a value',
  ],
  'template-unclosed': [
    '10:38-10:60 error [template-syntax] unclosed template: \'{{\' without \'}}\'',
  ],
  'template-unknown-dataset': [
    '10:38-10:62 error [unknown-template-ref] \'{{ datasets.test.path }}\' names unknown dataset \'test\'',
  ],
  'template-unknown-param': [
    '10:36-10:62 error [unknown-template-ref] \'{{ params.learning-rate }}\' names unknown parameter \'learning-rate\' (not under \'train.params\') — did you mean \'learning_rate\'?',
  ],
  'template-unknown-root': [
    '10:38-10:62 error [unknown-template-ref] unknown template root \'dataset\' in \'{{ dataset.train.path }}\' — did you mean \'datasets\'?',
  ],
  'template-weight-outside-deploy': [
    '10:40-10:52 error [unknown-template-ref] \'{{ weight }}\' is only known when deploying: use it under \'deploy\'',
  ],
  'train-needs-cycle': [
    '15:11-15:19 error [needs-cycle] \'needs\' cycle: evaluate → train → evaluate',
  ],
  'unknown-column': [
    '10:31-10:42 error [unknown-column] duplicates names undeclared column \'customer_id\'',
  ],
  'unknown-key': [
    '15:3-15:7 error [unknown-key] unknown key \'shar\' under \'drift\' — did you mean \'share\'?',
  ],
  'unknown-metric': [
    '14:32-14:39 error [unknown-metric] analysis names metric \'latency\', not defined under \'deploy.canary.metrics\' (metrics: error-rate)',
  ],
  'unknown-top-level-key': [
    '9:1-9:8 error [unknown-key] unknown key \'dataset\' at the top level — did you mean \'datasets\'?',
  ],
  'unsupported-version': [
    '1:10-1:11 error [unsupported-version] unsupported spec version 2: this Pipewright reads version 1',
  ],
  'version-string': [
    '1:10-1:13 error [wrong-type] expected an integer for \'version\', found \'1\'',
  ],
  'weight-never-100': [
    '15:17-15:19 error [weight-never-100] canary weights end at 50: the last weight must be 100 to finish the rollout',
  ],
  'weight-not-increasing': [
    '14:17-14:19 error [weight-not-increasing] canary weight 25 (step 2) does not increase on weight 50 (step 1)',
  ],
  'weight-out-of-range': [
    '14:17-14:20 error [out-of-range] \'weight\' must be in [0, 100], found 150',
  ],
  'wrong-type': [
    '11:32-11:35 error [wrong-type] expected a number for \'min\', found \'abc\'',
  ],
  'yaml-syntax': [
    '11:18-11:19 error [yaml-syntax] invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
};

function check(name: string): string[] {
  const file = join(dir, `${name}.yaml`);
  return checkSpecText(readFileSync(file, 'utf8'), file).map(
    (d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} [${d.code}] ${d.message}`,
  );
}

describe('golden invalid specs', () => {
  it('has an expectation for every fixture, and at least 25', () => {
    const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
    expect(fixtures).toEqual(Object.keys(expected).sort());
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  for (const [name, diagnostics] of Object.entries(expected)) {
    it(name, () => {
      expect(check(name)).toEqual(diagnostics);
      expect(diagnostics.some((d) => d.includes(' error ['))).toBe(true);
    });
  }
});
