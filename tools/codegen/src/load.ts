import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { readTemplates, type TemplateSet } from "./expand-templates.ts";
import { extractDocument, type RawDocument } from "./extract.ts";
import { parseXml } from "./read-xml.ts";

/** One documentation file to generate from. */
export interface DocumentationInput {
  /** Release label, e.g. `22.10.1`. */
  readonly version: string;
  /** Path of `core-en_US.xml`. */
  readonly xmlPath: string;
  /** Path of the release's `appdocsxml.xslt`; defaults to the file beside the XML. */
  readonly xsltPath?: string;
}

/** Thrown when an input file is missing or unreadable. */
export class InputError extends Error {
  override readonly name = "InputError";
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    throw new InputError(`cannot read ${what} at ${path}`, { cause });
  }
}

/** Reads the snapshot templates of a release's stylesheet. */
export function loadTemplates(xsltPath: string): TemplateSet {
  return readTemplates(parseXml(readText(xsltPath, "appdocsxml.xslt")));
}

/** A parsed release: its raw manager documentation and the stylesheet templates it was expanded with. */
export interface LoadedDocument {
  readonly raw: RawDocument;
  readonly templates: TemplateSet;
}

/** Top-level sections of core-en_US.xml that hold no manager documentation: parsed only if an include reads them. */
export const NON_AMI_SECTIONS: readonly string[] = [
  "agi",
  "application",
  "configInfo",
  "function",
  "info",
  "module",
];

/** Parses one input into its raw manager documentation. */
export function loadDocument(input: DocumentationInput): LoadedDocument {
  const xml = readText(input.xmlPath, "core-en_US.xml");
  const xsltPath = input.xsltPath ?? join(dirname(input.xmlPath), "appdocsxml.xslt");
  if (!existsSync(xsltPath)) {
    throw new InputError(
      `no appdocsxml.xslt beside ${input.xmlPath}; pass --xslt <path> (Asterisk installs it next to core-en_US.xml)`,
    );
  }
  const templates = loadTemplates(xsltPath);
  let document: ReturnType<typeof parseXml>;
  try {
    document = parseXml(xml, NON_AMI_SECTIONS);
  } catch (cause) {
    throw new InputError(`${input.xmlPath} is not well-formed XML`, { cause });
  }
  return { raw: extractDocument(document, templates), templates };
}
