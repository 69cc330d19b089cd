// Test-only: an in-memory AMI server that can stop reading, behind a transport that keeps the contract's
// backpressure the way a socket does. Bytes first fill a bounded "OS buffer"; a write that does not fit
// stays pending (its bytes held by the transport) until the server reads again. The test sees what the
// client handed to the transport, what the transport holds, and what the server actually read.
import { AmiDecoder, type AmiPacket, encodePacket } from "@amikit/codec";
import type { AmiSocket, AmiSocketHandlers, AmiTransport } from "../transport.ts";

const greeting = new TextEncoder().encode("Asterisk Call Manager/11.0.0\r\n");

/** A write the OS buffer could not take yet. */
interface HeldWrite {
  readonly chunk: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** The server side and its instruments. */
export interface StallingServer {
  /** Pass to `createClient({ transport })`. */
  readonly transport: AmiTransport;
  /** Stops reading: bytes pile up in the OS buffer, then in the transport. */
  pause(): void;
  /** Reads again: everything buffered is read (and answered) in order, held writes then resolve. */
  resume(): void;
  /** Every packet the server read, in order (the Login included). */
  readonly read: AmiPacket[];
  /** ActionIDs of every action the client handed to the transport so far (read or not). */
  readonly handed: string[];
  /** Bytes in the OS buffer (handed over, accepted, not read). */
  osBuffered(): number;
  /** Bytes of writes still pending in the transport (not taken by the OS buffer). */
  held(): number;
  /** The most bytes the transport ever held at once. */
  peakHeld(): number;
  /** `write()` calls still pending. */
  pendingWrites(): number;
}

/**
 * A server answering every action with `Response: Success` (and Login first), whose OS buffer takes
 * `osBufferBytes` before writes stay pending.
 */
export function stallingServer(osBufferBytes: number): StallingServer {
  let reading = true;
  let handlers: AmiSocketHandlers | undefined;
  let closed = false;
  const decoder = new AmiDecoder();
  const handedDecoder = new AmiDecoder();
  const read: AmiPacket[] = [];
  const handed: string[] = [];
  let osQueue: Uint8Array[] = [];
  let osBytes = 0;
  const heldWrites: HeldWrite[] = [];
  let heldBytes = 0;
  let peak = 0;

  const answer = (packet: AmiPacket) => {
    const ActionID = packet.actionId ?? "";
    const reply = encodePacket({ Response: "Success", ActionID, Message: `${packet.name} done` });
    setTimeout(() => {
      if (!closed) handlers?.onData(reply);
    }, 0);
  };
  /** Reads what the OS buffer holds, then moves held writes into it, while reading. */
  const pump = () => {
    while (reading && !closed && (osQueue.length > 0 || heldWrites.length > 0)) {
      const chunks = osQueue;
      osQueue = [];
      osBytes = 0;
      for (const chunk of chunks) {
        for (const packet of decoder.push(chunk)) {
          read.push(packet);
          answer(packet);
        }
      }
      while (heldWrites.length > 0 && osBytes + (heldWrites[0] as HeldWrite).chunk.length <= osBufferBytes) {
        const write = heldWrites.shift() as HeldWrite;
        heldBytes -= write.chunk.length;
        osQueue.push(write.chunk);
        osBytes += write.chunk.length;
        write.resolve();
      }
      // A write larger than the whole buffer goes through once the buffer is empty.
      if (heldWrites.length > 0 && osBytes === 0) {
        const write = heldWrites.shift() as HeldWrite;
        heldBytes -= write.chunk.length;
        osQueue.push(write.chunk);
        osBytes += write.chunk.length;
        write.resolve();
      }
    }
  };

  const transport: AmiTransport = {
    specificationVersion: "v1",
    name: "stalling-server",
    async open(_target, socketHandlers): Promise<AmiSocket> {
      handlers = socketHandlers;
      setTimeout(() => socketHandlers.onData(greeting), 0);
      return {
        secure: false,
        write(chunk: Uint8Array): Promise<void> {
          if (closed) return Promise.reject(new Error("closed"));
          const copy = chunk.slice();
          for (const packet of handedDecoder.push(copy)) handed.push(packet.actionId ?? "");
          return new Promise<void>((resolve, reject) => {
            if (heldWrites.length === 0 && osBytes + copy.length <= osBufferBytes) {
              osQueue.push(copy);
              osBytes += copy.length;
              resolve();
            } else {
              heldWrites.push({ chunk: copy, resolve, reject });
              heldBytes += copy.length;
              peak = Math.max(peak, heldBytes);
            }
            if (reading) setTimeout(pump, 0);
          });
        },
        async close() {
          if (closed) return;
          closed = true;
          // As the contract asks: a write still pending when the connection ends rejects.
          for (const write of heldWrites.splice(0)) write.reject(new Error("closed"));
          heldBytes = 0;
          setTimeout(() => socketHandlers.onClose(), 0);
        },
      };
    },
  };

  return {
    transport,
    pause() {
      reading = false;
    },
    resume() {
      reading = true;
      pump();
    },
    read,
    handed,
    osBuffered: () => osBytes,
    held: () => heldBytes,
    peakHeld: () => peak,
    pendingWrites: () => heldWrites.length,
  };
}
