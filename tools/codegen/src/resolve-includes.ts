import { isElement, type XmlDocument, type XmlElement, type XmlNode } from "./read-xml.ts";

/** Thrown when an `xi:include` cannot be resolved (unsupported expression, nothing matched, or a cycle). */
export class IncludeResolutionError extends Error {
  override readonly name = "IncludeResolutionError";
}

type Predicate =
  | { readonly kind: "attribute-equals"; readonly attribute: string; readonly value: string }
  | { readonly kind: "attribute-contains"; readonly attribute: string; readonly value: string }
  | { readonly kind: "position"; readonly position: number };

interface Step {
  /** Element name, or `node()` for every child node (text included). */
  readonly test: string;
  readonly predicates: readonly Predicate[];
}

const STEP = /^([A-Za-z_][\w.:-]*|node\(\))((?:\[[^\]]*\])*)$/;
const PREDICATE = /\[([^\]]*)\]/g;
const ATTRIBUTE_EQUALS = /^@([\w:-]+)\s*=\s*'([^']*)'$/;
const ATTRIBUTE_CONTAINS = /^contains\(\s*@([\w:-]+)\s*,\s*'([^']*)'\s*\)$/;
const POSITION = /^(\d+)$/;

function parsePredicate(source: string, expression: string): Predicate {
  const trimmed = source.trim();
  const equals = ATTRIBUTE_EQUALS.exec(trimmed);
  if (equals) return { kind: "attribute-equals", attribute: equals[1] ?? "", value: equals[2] ?? "" };
  const contains = ATTRIBUTE_CONTAINS.exec(trimmed);
  if (contains) return { kind: "attribute-contains", attribute: contains[1] ?? "", value: contains[2] ?? "" };
  const position = POSITION.exec(trimmed);
  if (position) return { kind: "position", position: Number(position[1]) };
  throw new IncludeResolutionError(`unsupported predicate [${source}] in ${expression}`);
}

/** Splits an XPath location path on `/` outside predicates. */
function splitSteps(path: string): string[] {
  const steps: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of path) {
    if (char === "[") depth++;
    if (char === "]") depth--;
    if (char === "/" && depth === 0) {
      steps.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  steps.push(current);
  return steps;
}

/** Parses the subset of XPath that Asterisk's documentation uses in `xpointer(...)`. */
export function parseXPointer(xpointer: string): Step[] {
  const match = /^\s*xpointer\((.*)\)\s*$/.exec(xpointer);
  if (!match) throw new IncludeResolutionError(`unsupported xpointer scheme: ${xpointer}`);
  const path = (match[1] ?? "").trim().replace(/^\//, "");
  return splitSteps(path).map((step) => {
    const parts = STEP.exec(step.trim());
    if (!parts) throw new IncludeResolutionError(`unsupported step "${step}" in ${xpointer}`);
    const predicates = [...(parts[2] ?? "").matchAll(PREDICATE)].map((p) =>
      parsePredicate(p[1] ?? "", xpointer),
    );
    return { test: parts[1] ?? "", predicates };
  });
}

function matches(element: XmlElement, predicate: Predicate): boolean {
  const value = element.attributes[predicate.kind === "position" ? "" : predicate.attribute];
  if (predicate.kind === "attribute-equals") return value === predicate.value;
  if (predicate.kind === "attribute-contains") return value?.includes(predicate.value) ?? false;
  return false;
}

function applyStep(contexts: readonly XmlNode[], step: Step): XmlNode[] {
  const result: XmlNode[] = [];
  for (const context of contexts) {
    if (!isElement(context)) continue;
    let candidates: XmlNode[] =
      step.test === "node()"
        ? [...context.children]
        : context.children.filter((c) => isElement(c, step.test));
    for (const predicate of step.predicates) {
      if (predicate.kind === "position") {
        const picked = candidates[predicate.position - 1];
        candidates = picked === undefined ? [] : [picked];
      } else {
        candidates = candidates.filter((c) => isElement(c) && matches(c, predicate));
      }
    }
    result.push(...candidates);
  }
  return result;
}

const evaluated = new WeakMap<XmlDocument, Map<string, XmlNode[]>>();

/**
 * Evaluates an `xpointer(...)` expression against the document node; relative paths start there too.
 * Results are cached per document (the same include recurs hundreds of times); treat them as read-only.
 */
export function evaluateXPointer(document: XmlDocument, xpointer: string): XmlNode[] {
  let cache = evaluated.get(document);
  if (cache === undefined) {
    cache = new Map();
    evaluated.set(document, cache);
  }
  const cached = cache.get(xpointer);
  if (cached !== undefined) return cached;
  const result = parseXPointer(xpointer).reduce<XmlNode[]>(
    (contexts, step) => applyStep(contexts, step),
    [document],
  );
  cache.set(xpointer, result);
  return result;
}

const resolvedIncludes = new WeakMap<XmlDocument, Map<string, XmlNode[]>>();

/**
 * Returns a copy of `element` with every `xi:include` replaced by the nodes its xpointer selects,
 * resolved recursively. Includes that point at nothing resolve to nothing (as Asterisk's runtime does)
 * and are reported through `onMissing`.
 */
export function resolveIncludes(
  document: XmlDocument,
  element: XmlElement,
  onMissing: (xpointer: string) => void = () => {},
): XmlElement {
  const cache = resolvedIncludes.get(document) ?? new Map<string, XmlNode[]>();
  resolvedIncludes.set(document, cache);
  const resolving = new Set<string>();
  const resolveNode = (node: XmlNode): XmlNode[] => {
    if (!isElement(node)) return [node];
    if (node.name === "xi:include") {
      const xpointer = node.attributes.xpointer;
      if (xpointer === undefined) throw new IncludeResolutionError("xi:include without an xpointer");
      const cached = cache.get(xpointer);
      if (cached) return cached;
      if (resolving.has(xpointer)) throw new IncludeResolutionError(`include cycle through ${xpointer}`);
      resolving.add(xpointer);
      const selected = evaluateXPointer(document, xpointer);
      if (selected.length === 0) onMissing(xpointer);
      const resolved = selected.flatMap(resolveNode);
      resolving.delete(xpointer);
      cache.set(xpointer, resolved);
      return resolved;
    }
    return [{ name: node.name, attributes: node.attributes, children: node.children.flatMap(resolveNode) }];
  };
  const [resolved] = resolveNode(element);
  if (resolved === undefined || !isElement(resolved)) throw new IncludeResolutionError("element vanished");
  return resolved;
}
