/**
 * A value the client can send as one action header: `string`, `number`, `bigint` and `boolean` give one
 * line; `string[]` one line per element (a repeated header); a `Record<string, string>` or
 * `Map<string, string>` one `Key: name=value` line per entry (as `Variable` needs); `undefined` skips it.
 *
 * The very type `@amikit/codec`'s encoder accepts under the same name (this package depends on nothing, so
 * it spells the type out; a type test in `@amikit/client` holds the two equal).
 */
export type AmiFieldValue =
  | string
  | number
  | bigint
  | boolean
  | readonly string[]
  | Readonly<Record<string, string>>
  | ReadonlyMap<string, string>
  | undefined;

/** Parameters of an action the documentation does not know: any headers. `ActionID` is set by the client. */
export type AmiGenericParams = Readonly<Record<string, AmiFieldValue>>;

/** A response or event of unknown type: header name → value (an array when the header repeats). */
export type AmiGenericPacket = { readonly [header: string]: string | string[] | undefined };

/**
 * One entry of `AmiActionMap`: the parameters `P`, the response `R`, the list item events `L`
 * (`never` unless the action answers with a list) and the completing event `C`.
 */
export interface AmiActionEntry<P, R, L = never, C = never> {
  readonly params: P;
  readonly response: R;
  readonly listItems: L;
  readonly complete: C;
}

/** What the documentation says about one action, for checks at runtime. All lists are sorted. */
export interface ActionMetadata {
  /** Canonical name as documented (AMI itself matches action names case-insensitively). */
  readonly name: string;
  /** Every documented parameter except `ActionID`, which the client sets. */
  readonly params: readonly string[];
  /** Parameters without which Asterisk rejects the action. */
  readonly requiredParams: readonly string[];
  /** True when the action takes headers beyond `params` (e.g. `UserEvent`): do not reject unknown ones. */
  readonly freeFormParams: boolean;
  /** Events the action answers with as list items; empty when it is not a list action. */
  readonly listItemEvents: readonly string[];
  /** The event that ends the list, or undefined when the action is not a list action. */
  readonly completeEvent: string | undefined;
  /** Asterisk releases whose documentation has the action (e.g. `22.10.1`). */
  readonly versions: readonly string[];
  /** Privilege classes; always empty, since the XML does not record them for actions. */
  readonly privilege: readonly string[];
  /** Asterisk modules that provide the action. */
  readonly modules: readonly string[];
}

/** What the documentation says about one event, for checks at runtime. All lists are sorted. */
export interface EventMetadata {
  /** Name as sent in the `Event` header. */
  readonly name: string;
  /** Every header the event type declares, including those Asterisk adds to any event (`Privilege`, ...). */
  readonly headers: readonly string[];
  /** Headers typed as always present. */
  readonly requiredHeaders: readonly string[];
  /** Headers that may occur several times (typed `string | string[]`). */
  readonly repeatableHeaders: readonly string[];
  /** True when the event may carry headers beyond `headers` (e.g. `UserEvent`). */
  readonly freeFormHeaders: boolean;
  /** False for events Asterisk's XML does not document, defined by the codegen's overrides. */
  readonly documented: boolean;
  /** Asterisk releases whose documentation has the event (every release for undocumented ones in use). */
  readonly versions: readonly string[];
  /** Privilege classes in wire spelling (`call`, `system`, ...). */
  readonly privilege: readonly string[];
  /** Asterisk modules that raise the event. */
  readonly modules: readonly string[];
}
