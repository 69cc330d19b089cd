import { actionMetadata, findAction } from "@amikit/definitions";
import { UsageError } from "../cli-errors.ts";
import { suggest } from "../did-you-mean.ts";

/** Header values of an action to send: one string, or several for a repeated header. */
export type ActionHeaders = Record<string, string | string[]>;

/** An action checked against the definitions, ready to send. */
export interface CheckedAction {
  /** The action's name as the definitions spell it (`originate` → `Originate`), or as typed when unknown. */
  readonly name: string;
  /** Headers with their names as the definitions spell them. */
  readonly params: ActionHeaders;
  /** Whether the definitions say the action answers with a list. */
  readonly isList: boolean;
  /** Problems that do not stop the action (an unknown header), one line each. */
  readonly warnings: readonly string[];
}

/** Every action name the definitions know, for completion and suggestions. */
export function knownActionNames(): string[] {
  return Object.values(actionMetadata).map((action) => action.name);
}

/**
 * Checks an action against the definitions before anything is sent: the action must exist (else a
 * "did you mean"), its required headers must be present (else the exact command to type), header names
 * are matched case-insensitively and respelled as documented. With `force`, an unknown action or a
 * missing header is sent anyway.
 *
 * @throws UsageError - for an unknown action or a missing required header.
 */
export function checkAction(
  typedName: string,
  headers: ReadonlyMap<string, readonly string[]>,
  force = false,
  syntax: "command-line" | "repl" = "command-line",
): CheckedAction {
  const definition = findAction(typedName);
  const warnings: string[] = [];
  if (definition === undefined && !force) {
    const guesses = suggest(typedName, knownActionNames());
    throw new UsageError(`unknown action "${typedName}"`, [
      ...(guesses.length > 0 ? [`did you mean: ${guesses.join(", ")}?`] : []),
      ...(syntax === "repl"
        ? []
        : ["(--force sends it anyway, for actions of modules the definitions do not know)"]),
    ]);
  }
  const params: ActionHeaders = {};
  const documented = definition === undefined ? [] : [...definition.params];
  for (const [typed, values] of headers) {
    if (typed.toLowerCase() === "action")
      throw new UsageError("give the action's name as the first argument, not --Action");
    const name = documented.find((candidate) => candidate.toLowerCase() === typed.toLowerCase()) ?? typed;
    const undocumented = !documented.includes(name) && name.toLowerCase() !== "actionid";
    if (definition !== undefined && undocumented && !definition.freeFormParams) {
      const guesses = suggest(typed, documented);
      warnings.push(
        `${definition.name} has no documented header "${typed}"${guesses.length > 0 ? ` (did you mean ${guesses.join(", ")}?)` : ""}; sending it anyway`,
      );
    }
    const existing = params[name];
    const merged =
      existing === undefined
        ? [...values]
        : [...(typeof existing === "string" ? [existing] : existing), ...values];
    params[name] = merged.length === 1 ? (merged[0] as string) : merged;
  }
  if (definition !== undefined && !force) {
    const missing = definition.requiredParams.filter((required) => params[required] === undefined);
    if (missing.length > 0) {
      const plural = missing.length === 1 ? "header" : "headers";
      const example =
        syntax === "repl"
          ? `${definition.name} ${missing.map((header) => `${header}=<value>`).join(" ")}`
          : `amikit action ${definition.name} ${missing.map((header) => `--${header} <value>`).join(" ")}`;
      throw new UsageError(`${definition.name} needs the ${plural} ${missing.join(", ")}`, [example]);
    }
  }
  const isList =
    definition !== undefined &&
    (definition.listItemEvents.length > 0 || definition.completeEvent !== undefined);
  return { name: definition?.name ?? typedName, params, isList, warnings };
}
