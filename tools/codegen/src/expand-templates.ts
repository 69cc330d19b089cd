import {
  childElements,
  isElement,
  textContent,
  type XmlDocument,
  type XmlElement,
  type XmlNode,
} from "./read-xml.ts";

/** Thrown when appdocsxml.xslt uses a construct this small interpreter does not understand. */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
}

/**
 * The element templates of a release's `appdocsxml.xslt` (e.g. `channel_snapshot`, `bridge_snapshot`),
 * keyed by the element name they match. The identity template (`node()|@*`) is left out.
 */
export type TemplateSet = ReadonlyMap<string, XmlElement>;

const XSL = "xsl:";

/** Reads the `<xsl:template match="name">` elements of a parsed stylesheet. */
export function readTemplates(stylesheet: XmlDocument): TemplateSet {
  const root = childElements(stylesheet, "xsl:stylesheet")[0];
  if (root === undefined) throw new TemplateError("expected an <xsl:stylesheet> root element");
  const templates = new Map<string, XmlElement>();
  for (const template of childElements(root, "xsl:template")) {
    const match = template.attributes.match ?? "";
    if (/^[A-Za-z_][\w-]*$/.test(match)) templates.set(match, template);
  }
  return templates;
}

/** Splits the arguments of an XPath function call on top-level commas. */
function splitArguments(source: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const char of source) {
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === "(") depth++;
    else if (!quoted && char === ")") depth--;
    if (char === "," && depth === 0 && !quoted) {
      args.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  if (current.trim() !== "") args.push(current.trim());
  return args;
}

/** Evaluates the string expressions the documentation stylesheet uses: literals, `@attr`, child names, `concat()`. */
function evaluateString(expression: string, context: XmlElement): string {
  const trimmed = expression.trim();
  const literal = /^'([^']*)'$/.exec(trimmed);
  if (literal) return literal[1] ?? "";
  const attribute = /^@([\w:-]+)$/.exec(trimmed);
  if (attribute) return context.attributes[attribute[1] ?? ""] ?? "";
  const concat = /^concat\((.*)\)$/s.exec(trimmed);
  if (concat) {
    return splitArguments(concat[1] ?? "")
      .map((arg) => evaluateString(arg, context))
      .join("");
  }
  if (/^[A-Za-z_][\w-]*$/.test(trimmed)) {
    const child = childElements(context, trimmed)[0];
    return child === undefined ? "" : textContent(child);
  }
  throw new TemplateError(`unsupported XPath expression in stylesheet: ${expression}`);
}

function instantiate(nodes: readonly XmlNode[], context: XmlElement): XmlNode[] {
  const output: XmlNode[] = [];
  for (const node of nodes) {
    if (!isElement(node)) {
      output.push(node);
      continue;
    }
    if (!node.name.startsWith(XSL)) {
      output.push({
        name: node.name,
        attributes: node.attributes,
        children: instantiate(node.children, context),
      });
      continue;
    }
    switch (node.name) {
      case "xsl:element": {
        const produced = instantiate(node.children, context);
        const attributes: Record<string, string> = {};
        const children: XmlNode[] = [];
        for (const item of produced) {
          if (isElement(item, "xsl:attribute-result")) {
            attributes[item.attributes.name ?? ""] = item.attributes.value ?? "";
          } else {
            children.push(item);
          }
        }
        output.push({ name: node.attributes.name ?? "", attributes, children });
        break;
      }
      case "xsl:attribute": {
        const value = instantiate(node.children, context)
          .map((item) => (typeof item === "string" ? item : textContent(item)))
          .join("")
          .trim();
        output.push({
          name: "xsl:attribute-result",
          attributes: { name: node.attributes.name ?? "", value },
          children: [],
        });
        break;
      }
      case "xsl:value-of":
        output.push(evaluateString(node.attributes.select ?? "", context));
        break;
      case "xsl:for-each": {
        const select = node.attributes.select ?? "";
        if (!/^[A-Za-z_][\w-]*$/.test(select))
          throw new TemplateError(`unsupported for-each select: ${select}`);
        for (const item of childElements(context, select)) output.push(...instantiate(node.children, item));
        break;
      }
      default:
        throw new TemplateError(`unsupported stylesheet instruction <${node.name}>`);
    }
  }
  return output;
}

/** Applies the template for `element` (e.g. `<channel_snapshot prefix="Dest"/>`) and returns the nodes it produces. */
export function applyTemplate(templates: TemplateSet, element: XmlElement): XmlNode[] | undefined {
  const template = templates.get(element.name);
  if (template === undefined) return undefined;
  return instantiate(template.children, element);
}

/** Returns a copy of `element` with every element that has a template replaced by the template's output. */
export function expandTemplates(templates: TemplateSet, element: XmlElement): XmlElement {
  const expand = (node: XmlNode): XmlNode[] => {
    if (!isElement(node)) return [node];
    const applied = applyTemplate(templates, node);
    if (applied !== undefined) return applied.flatMap(expand);
    return [{ name: node.name, attributes: node.attributes, children: node.children.flatMap(expand) }];
  };
  const [expanded] = expand(element);
  if (expanded === undefined || !isElement(expanded))
    throw new TemplateError(`template removed <${element.name}>`);
  return expanded;
}
