/** Endpoint names from channel names and queue member interfaces, for matching one to the other. */

/**
 * The endpoint a channel belongs to: its name without the sequence suffix Asterisk appends
 * (`PJSIP/alice-0000002a` → `PJSIP/alice`, `Local/agent2@agents-00000006;1` → `Local/agent2@agents`).
 */
export function endpointOfChannel(name: string): string {
  return name.replace(/-[0-9a-f]+(;[12])?$/i, "");
}

/**
 * The endpoint a queue member's interface names, in the form {@link endpointOfChannel} gives: a Local
 * interface loses its options (`Local/agent2@agents/n` → `Local/agent2@agents`), others stay as they are.
 */
export function endpointOfInterface(memberInterface: string): string {
  return /^Local\//i.test(memberInterface) ? memberInterface.replace(/(@[^/]+)\/.*$/, "$1") : memberInterface;
}
