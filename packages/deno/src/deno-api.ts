/**
 * The few parts of the `Deno` namespace this package uses, declared here so that it type-checks without
 * Deno's own type package and can be imported (and fail clearly) outside Deno. @internal
 */
export interface DenoApi {
  connect(options: {
    readonly hostname: string;
    readonly port: number;
    readonly transport?: "tcp";
    readonly signal?: AbortSignal;
  }): Promise<DenoTcpConn>;
  connectTls(options: {
    readonly hostname: string;
    readonly port: number;
    readonly caCerts?: string[];
    readonly cert?: string;
    readonly key?: string;
  }): Promise<DenoTlsConn>;
  startTls(
    conn: DenoTcpConn,
    options: { readonly hostname: string; readonly caCerts?: string[] },
  ): Promise<DenoTlsConn>;
}

/** A Deno connection (`Deno.Conn`). @internal */
export interface DenoConn {
  read(buffer: Uint8Array): Promise<number | null>;
  write(bytes: Uint8Array): Promise<number>;
  close(): void;
}

/** A Deno TCP connection (`Deno.TcpConn`). @internal */
export interface DenoTcpConn extends DenoConn {
  setNoDelay(noDelay?: boolean): void;
}

/** A Deno TLS connection (`Deno.TlsConn`). @internal */
export interface DenoTlsConn extends DenoConn {
  handshake(): Promise<unknown>;
}

/** The running Deno's namespace, or `undefined` outside Deno. @internal */
export function denoApi(): DenoApi | undefined {
  return (globalThis as unknown as { Deno?: DenoApi }).Deno;
}
