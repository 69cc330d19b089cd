import type { AmiField, AmiFieldValue } from "@amikit/codec";
import { FakeFieldError } from "./errors.ts";

/**
 * Headers the fake writes, in wire order. Either an object whose values are the codec's
 * {@link AmiFieldValue}, written as the client's encoder writes them (insertion order is wire order; an
 * array writes the header once per element, a record or `Map` once per entry as `name=value`;
 * `undefined` skips it), or a list of the codec's {@link AmiField} `[name, value]` pairs, which can
 * repeat a name anywhere and write names an object cannot hold twice.
 */
export type FakeFields = Readonly<Record<string, AmiFieldValue>> | readonly AmiField[];

/** @internal Headers as the codec's `[name, value]` pairs, in wire order, as the fake builds them. */
export type FieldList = AmiField[];

/** @internal Normalises {@link FakeFields} into pairs, checking that every pair can be written. */
export function toFieldList(fields: FakeFields): FieldList {
  const list: FieldList = [];
  if (Array.isArray(fields)) {
    for (const [name, value] of fields as readonly AmiField[]) list.push([name, value]);
  } else {
    for (const [name, value] of Object.entries(fields as Readonly<Record<string, AmiFieldValue>>)) {
      pushValue(list, name, value);
    }
  }
  for (const [name, value] of list) checkField(name, value);
  return list;
}

function pushValue(list: FieldList, name: string, value: AmiFieldValue): void {
  if (value === undefined) return;
  if (Array.isArray(value)) for (const item of value) list.push([name, String(item)]);
  else if (value instanceof Map) for (const [key, entry] of value) list.push([name, `${key}=${entry}`]);
  else if (typeof value === "object") {
    for (const [key, entry] of Object.entries(value)) list.push([name, `${key}=${entry}`]);
  } else list.push([name, String(value)]);
}

function checkField(name: string, value: string): void {
  if (name.length === 0 || /[\r\n]/.test(name) || name.includes(": ")) {
    throw new FakeFieldError(`Header name ${JSON.stringify(name)} cannot be written to the AMI wire`);
  }
  if (/[\r\n]/.test(value)) {
    throw new FakeFieldError(`Header ${name}: the value contains CR or LF, which would end the header early`);
  }
}

/** @internal The value of the first header called `name` (case-insensitive), if any. */
export function fieldValue(fields: FieldList, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of fields) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** @internal Serialises pairs as one AMI packet: `Name: value\r\n` per header, then the blank line. */
export function formatPacket(fields: FieldList): string {
  let text = "";
  for (const [name, value] of fields) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
}

/**
 * @internal Inserts `ActionID` the way Asterisk's `astman_start_ack` does: right after the first header
 * (`Response:`), unless the pairs already hold one or the request carried none.
 */
export function withActionId(fields: FieldList, actionId: string | undefined): FieldList {
  if (actionId === undefined || fieldValue(fields, "ActionID") !== undefined) return fields;
  return [...fields.slice(0, 1), ["ActionID", actionId], ...fields.slice(1)];
}
