/**
 * Sees every packet of an AMI connection exactly as received, through the client's public transport
 * contract: a transport wrapper that runs its own decoder over the bytes before handing them on to the
 * client. The client's `events$` gives plain objects, which cannot say how repeated headers were
 * interleaved with others; the tap's packets keep every field in wire order.
 */
import type { AmiSocketHandlers, AmiTarget, AmiTransport } from "@amikit/client";
import { AmiDecoder, type AmiPacket } from "@amikit/codec";

/** What the tap reports for one connection. @internal */
export interface ConnectionTap {
  /** A packet read from the connection (greeting, responses and events), in wire order. */
  packet(packet: AmiPacket): void;
  /** The connection ended. */
  closed(error: Error | undefined): void;
}

/**
 * Wraps `inner` so that `onOpen()` is asked for a {@link ConnectionTap} for every connection opened,
 * which then sees its packets before the client does. A tap whose decoder fails (a packet over
 * `maxPacketBytes`) sees no more packets; the client's own decoder fails the same way and drops the
 * connection. @internal
 */
export function tapTransport(
  inner: AmiTransport,
  onOpen: () => ConnectionTap,
  maxPacketBytes?: number,
): AmiTransport {
  return {
    specificationVersion: "v1",
    name: inner.name,
    async open(target: AmiTarget, handlers: AmiSocketHandlers, signal?: AbortSignal) {
      let tap: ConnectionTap | undefined;
      let decoder: AmiDecoder | undefined = new AmiDecoder(
        maxPacketBytes === undefined ? undefined : { maxPacketBytes },
      );
      const socket = await inner.open(
        target,
        {
          onData(chunk) {
            if (decoder !== undefined) {
              tap ??= onOpen();
              let packets: AmiPacket[] = [];
              try {
                packets = decoder.push(chunk);
              } catch {
                decoder = undefined;
              }
              for (const packet of packets) tap.packet(packet);
            }
            handlers.onData(chunk);
          },
          onClose(error) {
            tap?.closed(error);
            tap = undefined;
            decoder = undefined;
            handlers.onClose(error);
          },
        },
        signal,
      );
      return socket;
    },
  };
}
