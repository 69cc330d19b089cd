/** A user of the simulated PBX: a PJSIP endpoint with an extension and a display name. */
export interface SimulatedEndpoint {
  /** The endpoint name (`alice`): its channels are `PJSIP/alice-…`. */
  readonly endpoint: string;
  /** Its extension (`1001`). */
  readonly extension: string;
  /** Its caller ID name; non-ASCII on purpose, as real directories have. */
  readonly name: string;
}

/** @internal The directory the simulator dials between when no `endpoints` are given. */
export const DEFAULT_ENDPOINTS: readonly SimulatedEndpoint[] = [
  { endpoint: "alice", extension: "1001", name: "Alice Martin" },
  { endpoint: "bob", extension: "1002", name: "Bob Okafor" },
  { endpoint: "carol", extension: "1003", name: "Carol Díaz" },
  { endpoint: "dave", extension: "1004", name: "Иван Петров" },
  { endpoint: "erin", extension: "1005", name: "Erin Ødegaard" },
  { endpoint: "frank", extension: "1006", name: "Frank 李" },
];
