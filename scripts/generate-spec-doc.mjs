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
  if (n.title === 'Duration' || n.pattern === definitions.Duration.pattern) return 'duration';
  if (n.title === 'CommandLine') return 'command';
  const types = Array.isArray(n.type) ? n.type : [n.type ?? 'any'];
  return types
    .map((t) => {
      if (t === 'array') return `list of ${typeOf(n.items, definitions)}`;
      if (t === 'object' && n.additionalProperties && typeof n.additionalProperties === 'object' && !n.properties) {
        return `map of ${typeOf(n.additionalProperties, definitions)}`;
      }
      return t === 'object' ? 'mapping' : t;
    })
    .join(' or ');
}

function inline(value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function example(key, value) {
  if (value !== null && typeof value === 'object') {
    return `\n\n  \`\`\`yaml\n${stringify({ [key]: value }, { flowCollectionPadding: true }).trimEnd().replace(/^/gm, '  ')}\n  \`\`\``;
  }
  return ` Example: ${inline(value)}.`;
}

function describe(path, node, definitions, lines, depth) {
  const n = resolve(node, definitions);
  const key = path[path.length - 1];
  const required = n.__required ? ' (required)' : '';
  let line = `${'  '.repeat(0)}- **\`${path.join('.')}\`**${required} — ${typeOf(node, definitions)}. ${n.description ?? ''}`;
  if (n.default !== undefined && !(typeof n.default === 'object' && Object.keys(n.default).length === 0)) {
    line += ` Default: ${inline(n.default)}.`;
  }
  if (n.examples?.length) line += example(key, n.examples[0]);
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

export function generateSpecDoc(schema) {
  const definitions = schema.definitions;
  const out = [HEADER];
  for (const [name, node] of Object.entries(schema.properties)) {
    const lines = [];
    describe([name], { ...node, __required: schema.required.includes(name) }, definitions, lines, 0);
    out.push(`## \`${name}\`\n\n${lines.join('\n')}\n`);
  }
  out.push(`## Durations\n\n${definitions.Duration.description} ${definitions.Duration.patternErrorMessage.replace(/^expected/, 'For example')}.\n`);
  out.push(`## Commands and templates\n\n${definitions.Command.description}\n\nTemplates are \`{{ path }}\`. The roots a template may name: \`name\`, \`datasets.<name>.<key>\` (e.g. \`datasets.train.path\`), \`params.<key>\` and \`train.params.<key>\`, \`stages.<name>.outputs.<index>\`, \`env.<VAR>\` (the environment at run time), \`model.version\`, \`model.name\`, \`model.digest\` and \`model.dir\` (the version being trained, promoted or deployed), and under \`deploy\` only \`weight\` and \`port\`. A reference to anything else is an error (\`unknown-template-ref\`).\n`);
  return `${out.join('\n').trimEnd()}\n`;
}
