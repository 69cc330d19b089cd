/**
 * The few parts of the `Bun` namespace this package uses, declared here so that it type-checks without
 * Bun's own type package and can be imported (and fail clearly) outside Bun. @internal
 */
export interface BunApi {
  connect(options: BunConnectOptions): Promise<BunSocket>;
}

/** TLS options of `Bun.connect`. @internal */
export interface BunTlsOptions {
  readonly serverName?: string;
  readonly ca?: string | string[];
  readonly cert?: string;
  readonly key?: string;
  readonly rejectUnauthorized?: boolean;
}

/** Options of `Bun.connect` for TCP. @internal */
export interface BunConnectOptions {
  readonly hostname: string;
  readonly port: number;
  readonly tls?: boolean | BunTlsOptions;
  readonly socket: BunSocketHandlers;
}

/** The callbacks of a `Bun.connect` socket. @internal */
export interface BunSocketHandlers {
  open?(socket: BunSocket): void;
  handshake?(socket: BunSocket, success: boolean, authorizationError: Error | null): void;
  data?(socket: BunSocket, data: Uint8Array): void;
  drain?(socket: BunSocket): void;
  end?(socket: BunSocket): void;
  error?(socket: BunSocket, error: Error): void;
  connectError?(socket: BunSocket, error: Error): void;
  close?(socket: BunSocket, error?: Error): void;
}

/** A `Bun.connect` socket. @internal */
export interface BunSocket {
  /** Writes what the kernel takes now; returns the byte count (`-1` once closed). Buffers nothing. */
  write(data: Uint8Array): number;
  /** Flushes and closes gracefully. */
  end(): void;
  /** Closes at once. */
  terminate(): void;
  setNoDelay?(noDelay?: boolean): boolean;
}

/** The running Bun's namespace, or `undefined` outside Bun. @internal */
export function bunApi(): BunApi | undefined {
  return (globalThis as unknown as { Bun?: BunApi }).Bun;
}
