/**
 * `host:port` as people write it: an IPv6 address gets brackets (`[::1]:5038`), so the port cannot be read
 * as part of the address. Every amikit message that names a target uses this form.
 *
 * @param host - host name, IPv4 address or IPv6 address (with or without brackets)
 * @param port - TCP port
 * @returns the target as `host:port`, or `[address]:port` for IPv6
 *
 * @example
 * ```ts
 * formatTarget("127.0.0.1", 5038); // "127.0.0.1:5038"
 * formatTarget("::1", 5038); // "[::1]:5038"
 * ```
 */
export function formatTarget(host: string, port: number): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}
