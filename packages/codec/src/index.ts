/**
 * @amikit/codec: a lossless, streaming wire codec for the Asterisk Manager Interface (AMI).
 * Bytes in, packets out ({@link AmiDecoder}); packets in, bytes out ({@link encodeAction},
 * {@link encodePacket}). Zero dependencies; only `Uint8Array`, `TextDecoder` and `TextEncoder`.
 *
 * @packageDocumentation
 */
export {
  AmiDecoder,
  type AmiDecoderOptions,
  DEFAULT_MAX_PACKET_BYTES,
  DEFAULT_MAX_PACKET_FIELDS,
} from "./decoder.ts";
export { type AmiFieldValue, encodeAction, encodePacket, formatAction } from "./encoder.ts";
export {
  AmiEncodeError,
  AmiError,
  AmiFieldLimitError,
  AmiFrameTooLargeError,
  AmiProtocolError,
} from "./errors.ts";
export { md5Hex } from "./md5.ts";
export { type AmiField, AmiPacket, type AmiPacketOptions, type AmiPacketType } from "./packet.ts";
export { isSecretHeader } from "./secret-headers.ts";
