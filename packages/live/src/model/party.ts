/** A caller ID or connected line: the number and name as Asterisk sent them. */
export interface LiveParty {
  /** `CallerIDNum` / `ConnectedLineNum` (Asterisk sends `<unknown>` when unset). */
  readonly number: string;
  /** `CallerIDName` / `ConnectedLineName` (Asterisk sends `<unknown>` when unset). */
  readonly name: string;
}
