// A light tree of source spans built from js-yaml's event stream: where each key and value
// is, plus how big the document would be with every alias expanded (to catch alias bombs).
import { EVENT_ID, type Event, getScalarValue, SCALAR_STYLE } from 'js-yaml';

export interface SpanNode {
  kind: 'map' | 'seq' | 'scalar' | 'alias';
  /** [start, end) offsets in the source; quotes included for quoted scalars. */
  start: number;
  end: number;
  /** map: key, value, key, value, …; seq: the items. */
  children?: SpanNode[];
  /** A map key's decoded text. */
  text?: string;
}

export interface SpanTree {
  root?: SpanNode;
  /** The first alias that pushed the expanded size past the limit. */
  bomb?: SpanNode;
  /** The first alias used inside the node it names (`a: &a [*a]`): its value would be infinite. */
  recursive?: SpanNode;
}

interface Frame {
  node: SpanNode;
  size: number;
  anchor?: string;
}

function anchorOf(source: string, event: { anchorStart: number; anchorEnd: number }): string | undefined {
  return event.anchorStart === -1 ? undefined : source.slice(event.anchorStart, event.anchorEnd).replace(/^[&*]/, '');
}

/**
 * Builds the span tree of the first document; stops at an alias bomb (expanded size over
 * `maxNodes`) or at an alias inside the collection its anchor names (a cycle).
 */
export function buildSpanTree(events: Event[], source: string, maxNodes: number): SpanTree {
  const sizes = new Map<string, number>();
  const stack: Frame[] = [];
  let root: SpanNode | undefined;
  // Nodes the document would have with every alias expanded.
  let expanded = 0;

  const attach = (node: SpanNode, size: number): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root ??= node;
      return;
    }
    parent.node.children!.push(node);
    parent.size += size;
    if (node.end > parent.node.end) parent.node.end = node.end;
  };

  for (const event of events) {
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      const kind = event.type === EVENT_ID.MAPPING ? 'map' : 'seq';
      const anchor = anchorOf(source, event);
      // From here on the name means this collection, not an earlier node with the same anchor.
      if (anchor !== undefined) sizes.delete(anchor);
      stack.push({ node: { kind, start: event.start, end: event.start + 1, children: [] }, size: 1, anchor });
      expanded += 1;
    } else if (event.type === EVENT_ID.POP) {
      const frame = stack.pop();
      if (!frame) continue;
      if (frame.anchor !== undefined) sizes.set(frame.anchor, frame.size);
      attach(frame.node, frame.size);
    } else if (event.type === EVENT_ID.SCALAR) {
      const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
      const node: SpanNode = { kind: 'scalar', start: event.valueStart - (quoted ? 1 : 0), end: event.valueEnd + (quoted ? 1 : 0) };
      const parent = stack[stack.length - 1];
      if (parent?.node.kind === 'map' && parent.node.children!.length % 2 === 0) node.text = getScalarValue(source, event);
      const anchor = anchorOf(source, event);
      if (anchor !== undefined) sizes.set(anchor, 1);
      attach(node, 1);
      expanded += 1;
    } else if (event.type === EVENT_ID.ALIAS) {
      const node: SpanNode = { kind: 'alias', start: Math.max(0, event.anchorStart - 1), end: event.anchorEnd };
      const name = anchorOf(source, event);
      // An alias names the newest anchor before it; when that is a collection still open, it is a cycle.
      if (!sizes.has(name ?? '') && stack.some((frame) => frame.anchor === name)) return { root, recursive: node };
      const size = sizes.get(name ?? '') ?? 1;
      attach(node, size);
      expanded += size;
      if (expanded > maxNodes) return { root, bomb: node };
    }
  }
  return { root };
}
