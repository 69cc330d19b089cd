import { XMLParser } from "fast-xml-parser";

/** An XML element with its attributes and child nodes in document order. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

/** A node of the tree: an element or a run of text. */
export type XmlNode = XmlElement | string;

/** The document node: its only element child is the root element (`<docs>`). */
export type XmlDocument = XmlElement;

const ATTRIBUTES = ":@";
const TEXT = "#text";

type RawNode = Record<string, unknown>;

function newParser(skip: readonly string[]): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    stopNodes: [...skip],
  });
}

function convertAll(raw: readonly RawNode[], lazy: ReadonlySet<string>, depth: number): XmlNode[] {
  const nodes: XmlNode[] = [];
  for (const child of raw) {
    const node = convert(child, lazy, depth);
    if (node !== undefined) nodes.push(node);
  }
  return nodes;
}

/** An element whose content was left unparsed: its children are parsed on first access. */
function lazyElement(name: string, attributes: Record<string, string>, rawContent: string): XmlElement {
  let parsed: XmlNode[] | undefined;
  return {
    name,
    attributes,
    get children(): XmlNode[] {
      if (parsed === undefined) {
        const wrapped = newParser([]).parse(`<${name}>${rawContent}</${name}>`) as RawNode[];
        const element = convertAll(wrapped, new Set(), 0)[0];
        parsed = element === undefined || typeof element === "string" ? [] : [...element.children];
      }
      return parsed;
    },
  };
}

/** Converts a parser node; `depth` 1 is a child of the root element, where lazy sections live. */
function convert(raw: RawNode, lazy: ReadonlySet<string>, depth: number): XmlNode | undefined {
  for (const key of Object.keys(raw)) {
    if (key === ATTRIBUTES) continue;
    if (key === TEXT) return String(raw[key]);
    if (key.startsWith("?")) return undefined;
    const rawAttributes = (raw[ATTRIBUTES] ?? {}) as Record<string, unknown>;
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(rawAttributes)) attributes[name] = String(value);
    const rawChildren = (raw[key] ?? []) as RawNode[];
    if (depth === 1 && lazy.has(key)) {
      return lazyElement(key, attributes, rawChildren.map((child) => String(child[TEXT] ?? "")).join(""));
    }
    return { name: key, attributes, children: convertAll(rawChildren, lazy, depth + 1) };
  }
  return undefined;
}

/**
 * Parses XML text into an order-preserving element tree rooted at a synthetic document node.
 * Children of the root element named in `lazy` (e.g. `configInfo` under `<docs>`) are kept unparsed
 * until something reads their children, which makes large documents much faster to read when few of
 * them matter. `root` names the root element those sections sit in.
 */
export function parseXml(text: string, lazy: readonly string[] = [], root = "docs"): XmlDocument {
  const raw = newParser(lazy.map((name) => `${root}.${name}`)).parse(text) as RawNode[];
  return { name: "#document", attributes: {}, children: convertAll(raw, new Set(lazy), 0) };
}

/** True when the node is an element (optionally with the given name). */
export function isElement(node: XmlNode, name?: string): node is XmlElement {
  return typeof node !== "string" && (name === undefined || node.name === name);
}

/** The element children of `element`, optionally only those with the given name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => isElement(child, name));
}

/** The first element child with the given name. */
export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child): child is XmlElement => isElement(child, name));
}

/** All text under the node, concatenated, with whitespace collapsed. */
export function textContent(node: XmlNode): string {
  const collect = (n: XmlNode): string => (typeof n === "string" ? n : n.children.map(collect).join(""));
  return collect(node).replace(/\s+/g, " ").trim();
}

/** The root element of a parsed document. */
export function rootElement(document: XmlDocument, name: string): XmlElement {
  const root = firstChild(document, name);
  if (root === undefined) throw new Error(`expected a <${name}> root element`);
  return root;
}
