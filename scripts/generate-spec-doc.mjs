// Renders docs/spec.md (the spec reference) from the schema's descriptions, defaults and examples.
import { stringify } from 'yaml';

const HEADER = `<!-- Generated from schema/pipeline.schema.json by \`pnpm generate\`. Do not edit: edit the schema. -->
# The pipeline spec (v1)

\`pipewright.yaml\` describes one pipeline. Check it with \`pipewright check [SPEC]\`; editors
validate it as you type when the first line names the schema:

\`\`\`yaml
# yaml-language-server: $schema=./node_modules/@pipewright/schema/pipeline.schema.json
\`\`\`

A complete example is [examples/churn/pipewright.yaml](../examples/churn/pipewright.yaml).
Each key below lists its type, its default and an example; \`name.*\` stands for any key you choose.
`;

function resolve(node, definitions) {
  if (node && typeof node.$ref === 'string') {
    const target = definitions[node.$ref.replace('#/definitions/', '')];
    const { $ref: _ref, ...siblings } = node;
    return { ...target, ...siblings };
  }
  return node ?? {};
}

function typeOf(node, definitions) {
  const n = resolve(node, definitions);
  if (n.enum) return n.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (n.anyOf) return n.anyOf.map((option) => (option.properties ? `${Object.keys(option.properties).join('/')} mapping` : typeOf(option, definitions))).join(' or ');
  if (n.title === 'Duration' || n.pattern === definitions.Duration.pattern) return 'duration';
  if (n.title === 'CommandLine') return 'command';
  const types = Array.isArray(n.type) ? n.type : [n.type ?? 'any'];
  return types
    .map((t) => {
      if (t === 'array') return `list of ${typeOf(n.items, definitions)}`;
      if (t === 'object' && n.additionalProperties && typeof n.additionalProperties === 'object' && !n.properties) {
        return `map of ${typeOf(n.additionalProperties, definitions)}`;
      }
      if (t === 'object' && n.title) return n.title.replace(/Spec$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
      return t === 'object' ? 'mapping' : t;
    })
    .join(' or ');
}

function inline(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** Placeholder names for `*` keys in examples, by the parent key. */
const SAMPLE_NAMES = { datasets: 'train', columns: 'age', stages: 'features', metrics: 'error-rate', env: 'SEED', params: 'epochs' };

function example(path, value) {
  const key = path[path.length - 1];
  if (value !== null && typeof value === 'object') {
    const parent = path[path.length - 2];
    const doc = key === '[]' ? [value] : { [key === '*' ? (SAMPLE_NAMES[parent] ?? 'name') : key]: value };
    return `\n\n  \`\`\`yaml\n${stringify(doc, { flowCollectionPadding: true }).trimEnd().replace(/^/gm, '  ')}\n  \`\`\``;
  }
  return ` Example: ${inline(value)}.`;
}

function describe(path, node, definitions, lines, depth) {
  const n = resolve(node, definitions);
  const required = n.__required ? ' (required)' : '';
  let line = `${'  '.repeat(0)}- **\`${path.join('.')}\`**${required} — ${typeOf(node, definitions)}. ${n.description ?? ''}`;
  if (n.default !== undefined && !(typeof n.default === 'object' && Object.keys(n.default).length === 0)) {
    line += ` Default: ${inline(n.default)}.`;
  }
  if (n.examples?.length) line += example(path, n.examples[0]);
  lines.push(line);
  const children = [];
  if (n.properties) {
    for (const [name, child] of Object.entries(n.properties)) {
      children.push([[...path, name], { ...child, __required: (n.required ?? []).includes(name) }]);
    }
  } else if (n.type === 'object' && n.additionalProperties && typeof n.additionalProperties === 'object') {
    const item = resolve(n.additionalProperties, definitions);
    if (item.properties) children.push([[...path, '*'], n.additionalProperties]);
  } else if (n.type === 'array' && n.items) {
    const item = resolve(n.items, definitions);
    if (item.properties) children.push([[...path, '[]'], n.items]);
  }
  for (const [childPath, child] of children) describe(childPath, child, definitions, lines, depth + 1);
}

/** Every diagnostic code `pipewright check` reports, grouped by stage; the tests keep this complete. */
const DIAGNOSTICS = [
  ['Reading the file', [
    ['file-too-large', 'the spec is over 2 MiB (a data file passed as the spec?)'],
    ['binary-file', 'the file contains a NUL byte'],
    ['invalid-encoding', 'the file is not UTF-8 (the first bad byte is named)'],
    ['empty-spec', 'the file has no YAML content'],
    ['yaml-syntax', 'the YAML cannot be parsed'],
    ['too-deep', 'collections are nested more than 100 levels deep'],
    ['tab-indent', 'a tab is used for indentation'],
    ['duplicate-key', 'a mapping repeats a key'],
    ['multiple-documents', 'the file holds more than one YAML document'],
    ['alias-bomb', 'aliases would expand the spec past 200,000 nodes ("billion laughs")'],
    ['too-many-problems', 'more than 1,000 problems were found; only the first 1,000 are reported'],
    ['recursive-alias', 'an alias is used inside the node its anchor names (`a: &a [*a]`), so its value would be infinite'],
  ]],
  ['The schema', [
    ['unknown-key', "a key the schema does not define, with a 'did you mean' when one is close"],
    ['missing-key', 'a required key is missing'],
    ['wrong-type', 'a value of the wrong type (also a string bound on a numeric column)'],
    ['invalid-value', 'a value outside an enumeration'],
    ['unsupported-version', '`version` is not 1'],
    ['invalid-format', 'a value that does not match its format (host:port, URL, registry URL, names)'],
    ['invalid-duration', "a duration that does not parse (`60 seconds` instead of `60s`)"],
    ['invalid-name', 'a dataset, stage, metric or variable name with characters templates cannot name'],
    ['out-of-range', 'a number outside its range (`mostly` and `share` must be in (0, 1])'],
    ['empty-list', 'a list that must not be empty'],
    ['empty-value', 'a string that must not be empty'],
    ['invalid-step', 'a canary step without exactly one of `weight`, `pause`, `analysis`'],
    ['schema', 'any other schema violation'],
  ]],
  ['Meaning', [
    ['unknown-dataset', '`like`, `drift.reference` or `drift.current` names a dataset that does not exist'],
    ['like-cycle', 'datasets are `like` each other in a loop'],
    ['missing-source', 'a dataset has neither `path` nor `sql` (they are not inherited)'],
    ['conflicting-source', 'a dataset has both `path` and `sql`'],
    ['invalid-date', 'a date bound that is not an ISO date'],
    ['min-above-max', '`min` is greater than `max` (columns, lengths, row counts, gates, metrics)'],
    ['invalid-pattern', 'a `pattern` that is not a valid regular expression'],
    ['unknown-column', 'a check or drift names a column the contract does not declare'],
    ['unknown-stage', '`needs` names a step that does not exist'],
    ['needs-cycle', 'steps need each other in a loop'],
    ['reserved-stage-name', 'a stage is named `validate` or `train`'],
    ['gate-without-bound', 'a gate sets no bound, or `vs` without a delta'],
    ['delta-without-vs', '`min-delta`/`max-delta` without `vs`'],
    ['missing-target-config', 'the deploy target has no section of its own (e.g. `target: nginx` without `nginx:`)'],
    ['metric-provider', 'a canary metric without exactly one of `prometheus`, `http`, `run`'],
    ['weight-not-increasing', 'a canary weight that is not above the previous one'],
    ['weight-never-100', 'canary weights that never reach 100'],
    ['unknown-metric', 'an `analysis` names a metric not defined under `deploy.canary.metrics`'],
    ['template-syntax', 'an unclosed `{{`, an empty or malformed template'],
    ['unknown-template-ref', 'a template that resolves to nothing where it is used'],
    ['path-escape', 'a path that leaves the workspace'],
    ['invalid-command', 'a command line with an unclosed quote'],
  ]],
  ['Warnings (exit 0)', [
    ['missing-script', 'a `run` names a script file (`train.py`, `./check.sh`) that does not exist'],
    ['pattern-on-non-string', '`pattern` on a column that is not a string'],
  ]],
];

function diagnosticsSection() {
  const lines = ['## Diagnostics', '', '`pipewright check` prints `file:line:column: severity [code] message`, the line and a caret; with `--format json`, `{"diagnostics":[{"severity","code","message","line","column","endLine","endColumn"}]}`. Lines and columns are 1-based and count UTF-16 code units; the end is exclusive (the position just after the last character, as in LSP). Exit 0 when there are no errors (warnings allowed), 1 with errors, 2 when the file cannot be read.', ''];
  for (const [title, codes] of DIAGNOSTICS) {
    lines.push(`### ${title}`, '', '| code | meaning |', '|---|---|');
    for (const [code, meaning] of codes) lines.push(`| \`${code}\` | ${meaning} |`);
    lines.push('');
  }
  return lines.join('\n');
}

export function generateSpecDoc(schema) {
  const definitions = schema.definitions;
  const out = [HEADER];
  for (const [name, node] of Object.entries(schema.properties)) {
    const lines = [];
    describe([name], { ...node, __required: schema.required.includes(name) }, definitions, lines, 0);
    out.push(`## \`${name}\`\n\n${lines.join('\n')}\n`);
  }
  out.push(`## Durations\n\n${definitions.Duration.description} ${definitions.Duration.patternErrorMessage.replace(/^expected/, 'For example')}.\n`);
  out.push(`## Commands and templates\n\n${definitions.Command.description}\n\nTemplates are \`{{ path }}\`. The roots a template may name: \`name\`, \`datasets.<name>.<key>\` (e.g. \`datasets.train.path\`), \`params.<key>\` and \`train.params.<key>\`, \`stages.<name>.outputs.<index>\`, \`env.<VAR>\` (the environment at run time), and under \`deploy\` only \`model.version\`, \`model.name\`, \`model.digest\`, \`model.dir\` (the version being deployed), \`weight\` and \`port\`. A reference to anything else, or to a dataset, parameter or stage output the spec does not define, is an error (\`unknown-template-ref\`). Arguments are split first and templated after, so a value with spaces stays one argument and is never interpreted by a shell.\n`);
  out.push(diagnosticsSection());
  return `${out.join('\n').trimEnd()}\n`;
}
