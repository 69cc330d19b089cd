import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generate } from "./generate.ts";
import type { DocumentationInput } from "./load.ts";
import type { VersionModel } from "./model.ts";
import { type OutputTree, staleFiles, writeTree } from "./output.ts";
import {
  type Environment,
  missingDocsReason,
  REQUIRE_ASTERISK_DOCS_VARIABLE,
  workspaceDocsDirectory,
  workspaceInputs,
} from "./workspace-docs.ts";

const USAGE = `Usage: amikit-codegen [options] <core-en_US.xml | version=core-en_US.xml>...

Generates TypeScript types, a runtime metadata table and reference pages for every AMI action
and event documented in Asterisk's XML documentation.

Options:
  --out <dir>              where to write the TypeScript files (required unless --workspace)
  --docs <dir>             also write one Markdown page per action and event
  --xslt <path>            appdocsxml.xslt to expand snapshots with (default: beside each XML)
  --with-descriptions      copy the XML's descriptions into the TSDoc
  --base-import <spec>     module that provides the base types (default: @amikit/definitions)
  --import-extension <ext> .js (default) or .ts for imports between generated files
  --check                  write nothing; exit 1 and list the files that differ
  --workspace <root>       amikit repository mode: all releases in $AMIKIT_ASTERISK_DOCS
                           (else ../shared/asterisk-docs beside <root>), fixed output paths;
                           without them --check skips with one line (fails if
                           AMIKIT_REQUIRE_ASTERISK_DOCS=1)
  -h, --help               show this help

A version label is taken from "version=path" or from the XML's directory name when that looks
like a version (e.g. .../22.10.1/core-en_US.xml); otherwise it is "custom".`;

class UsageError extends Error {
  override readonly name = "UsageError";
}

interface Plan {
  readonly inputs: DocumentationInput[];
  readonly out: string;
  readonly docs: string | undefined;
  readonly baseImport: string;
  readonly importExtension: ".ts" | ".js";
  readonly regenerateHint: string;
  /** Declare `ActionParams<A>`, ... in the generated index files (the workspace's entry points do it by hand). */
  readonly lookupTypes: boolean;
}

function positionalInput(argument: string, xslt: string | undefined): DocumentationInput {
  const match = /^([^=/\\]+)=(.+)$/.exec(argument);
  const xmlPath = resolve(match?.[2] ?? argument);
  const directory = basename(dirname(xmlPath));
  const version = match?.[1] ?? (/^\d+(\.\d+)*$/.test(directory) ? directory : "custom");
  return xslt === undefined ? { version, xmlPath } : { version, xmlPath, xsltPath: resolve(xslt) };
}

/** The workspace's documentation directory holds no release. */
class MissingDocsError extends Error {
  override readonly name = "MissingDocsError";
}

function plan(
  argv: readonly string[],
  env: Environment,
): { plan: Plan; check: boolean; withDescriptions: boolean } | undefined {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: "string" },
      docs: { type: "string" },
      xslt: { type: "string" },
      "with-descriptions": { type: "boolean", default: false },
      "base-import": { type: "string" },
      "import-extension": { type: "string" },
      check: { type: "boolean", default: false },
      workspace: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return undefined;
  const extension = values["import-extension"] ?? (values.workspace === undefined ? ".js" : ".ts");
  if (extension !== ".js" && extension !== ".ts")
    throw new UsageError("--import-extension must be .js or .ts");
  if (values.workspace !== undefined) {
    if (values["with-descriptions"]) {
      throw new UsageError(
        "--with-descriptions is not allowed in --workspace mode: the XML's prose is never committed",
      );
    }
    const root = resolve(values.workspace);
    const docsDirectory = workspaceDocsDirectory(root, env);
    const inputs =
      positionals.length > 0
        ? positionals.map((p) => positionalInput(p, values.xslt))
        : workspaceInputs(docsDirectory);
    if (inputs.length === 0) throw new MissingDocsError(missingDocsReason(docsDirectory));
    return {
      plan: {
        inputs,
        out: values.out ?? join(root, "packages/definitions/src/generated"),
        docs: values.docs ?? join(root, "docs/reference"),
        baseImport: values["base-import"] ?? "../types.ts",
        importExtension: extension,
        regenerateHint: "change tools/codegen (overrides.ts for XML corrections) and run `pnpm codegen`",
        lookupTypes: false,
      },
      check: values.check,
      withDescriptions: false,
    };
  }
  if (positionals.length === 0) throw new UsageError("give at least one core-en_US.xml");
  if (values.out === undefined) throw new UsageError("--out <dir> is required");
  return {
    plan: {
      inputs: positionals.map((p) => positionalInput(p, values.xslt)),
      out: resolve(values.out),
      docs: values.docs === undefined ? undefined : resolve(values.docs),
      baseImport: values["base-import"] ?? "@amikit/definitions",
      importExtension: extension,
      regenerateHint: "run amikit-codegen again",
      lookupTypes: true,
    },
    check: values.check,
    withDescriptions: values["with-descriptions"],
  };
}

function describeCounts(model: VersionModel): string {
  const c = model.counts;
  return (
    `${model.version}: ${c.distinctActions} actions (${c.managerElements} <manager> elements), ` +
    `${c.distinctEvents} events (${c.topLevelEvents} top-level + ${c.responsesOnlyEvents} only in <responses>; ` +
    `${c.managerEventElements} <managerEvent> elements); after overrides ${model.actions.size} actions, ${model.events.size} events`
  );
}

/** Where the command line writes its report and errors. */
export interface ConsoleStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * Runs the command line with `argv` (without node and script); returns the exit code. `env` is where
 * `--workspace` mode reads `AMIKIT_ASTERISK_DOCS` and `AMIKIT_REQUIRE_ASTERISK_DOCS`.
 */
export function main(
  argv: readonly string[],
  streams: ConsoleStreams = process,
  env: Environment = process.env,
): number {
  const { stdout, stderr } = streams;
  let parsed: ReturnType<typeof plan>;
  try {
    parsed = plan(argv, env);
  } catch (error) {
    if (error instanceof MissingDocsError) {
      // Without the XML there is nothing to check against: one line, no usage. A skip unless the
      // caller (CI) requires the documentation.
      if (!argv.includes("--check")) {
        stderr.write(`amikit-codegen: cannot generate the definitions: ${error.message}\n`);
        return 1;
      }
      if (env[REQUIRE_ASTERISK_DOCS_VARIABLE] === "1") {
        stderr.write(
          `amikit-codegen: cannot check the generated definitions (${REQUIRE_ASTERISK_DOCS_VARIABLE}=1): ${error.message}\n`,
        );
        return 1;
      }
      stdout.write(
        `amikit-codegen: skipped the staleness check of the generated definitions: ${error.message}\n`,
      );
      return 0;
    }
    stderr.write(`amikit-codegen: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed === undefined) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { plan: p, check, withDescriptions } = parsed;
  let result: ReturnType<typeof generate>;
  try {
    result = generate({
      inputs: p.inputs,
      baseImport: p.baseImport,
      importExtension: p.importExtension,
      withDescriptions,
      regenerateHint: p.regenerateHint,
      lookupTypes: p.lookupTypes,
    });
  } catch (error) {
    const cause =
      (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : "";
    stderr.write(`amikit-codegen: ${(error as Error).message}${cause}\n`);
    return 1;
  }
  for (const model of result.models) {
    stdout.write(`${describeCounts(model)}\n`);
    for (const warning of model.warnings) stderr.write(`warning (${model.version}): ${warning}\n`);
  }
  const trees: OutputTree[] = [{ root: p.out, files: result.code }];
  if (p.docs !== undefined) trees.push({ root: p.docs, files: result.docs });
  if (check) {
    const stale = trees.flatMap(staleFiles);
    if (stale.length > 0) {
      stderr.write(
        `stale generated files (regenerate: ${p.regenerateHint}):\n${stale.map((s) => `  ${s}\n`).join("")}`,
      );
      return 1;
    }
    stdout.write("generated files are up to date\n");
    return 0;
  }
  const changed = trees.reduce((sum, tree) => sum + writeTree(tree), 0);
  stdout.write(`${changed} file(s) written or removed\n`);
  return 0;
}
