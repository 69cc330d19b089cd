/**
 * Sees every packet of an AMI connection exactly as received, through the client's public transport
 * contract: a transport wrapper that runs its own decoder over the bytes before handing them on to the
 * client. The client's `events$` gives plain objects, which cannot say how repeated headers were
 * interleaved with others; the tap's packets keep every field in wire order.
 */
import type { AmiSocketHandlers, AmiTarget, AmiTransport } from "@amikit/client";
import {
  AmiDecoder,
  type AmiDecoderOptions,
  AmiFieldLimitError,
  AmiFrameTooLargeError,
  type AmiPacket,
} from "@amikit/codec";

/** What the tap reports for one connection. @internal */
export interface ConnectionTap {
  /** A packet read from the connection (greeting, responses and events), in wire order. */
  packet(packet: AmiPacket): void;
  /** The connection ended. */
  closed(error: Error | undefined): void;
}

/** The client's decoder limits, which the tap's decoder applies the same way. @internal */
export interface TapLimits {
  readonly maxPacketBytes?: number | undefined;
  readonly maxPacketFields?: number | undefined;
}

/**
 * Wraps `inner` so that `onOpen()` is asked for a {@link ConnectionTap} for every connection opened,
 * which then sees its packets before the client does. The tap decodes as the client does (the
 * greeting first, the client's `maxPacketBytes` and `maxPacketFields`): when a packet passes a limit,
 * the tap still sees every packet completed before it (the error's `packets`, as the client delivers
 * them), then no more; the client's own decoder fails the same way and drops the connection, which
 * the tap sees as `closed`. @internal
 */
export function tapTransport(
  inner: AmiTransport,
  onOpen: () => ConnectionTap,
  limits: TapLimits = {},
): AmiTransport {
  const options: { -readonly [K in keyof AmiDecoderOptions]: AmiDecoderOptions[K] } = {
    expectGreeting: true,
  };
  if (limits.maxPacketBytes !== undefined) options.maxPacketBytes = limits.maxPacketBytes;
  if (limits.maxPacketFields !== undefined) options.maxPacketFields = limits.maxPacketFields;
  return {
    specificationVersion: "v1",
    name: inner.name,
    async open(target: AmiTarget, handlers: AmiSocketHandlers, signal?: AbortSignal) {
      let tap: ConnectionTap | undefined;
      let decoder: AmiDecoder | undefined = new AmiDecoder(options);
      const socket = await inner.open(
        target,
        {
          onData(chunk) {
            if (decoder !== undefined) {
              tap ??= onOpen();
              let packets: AmiPacket[] = [];
              try {
                packets = decoder.push(chunk);
              } catch (error) {
                decoder = undefined;
                // The packets the same chunk completed before the one over the limit.
                if (error instanceof AmiFrameTooLargeError || error instanceof AmiFieldLimitError) {
                  packets = [...error.packets];
                }
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
