import { AmiPacket } from "@amikit/codec";
import { describe, expect, it } from "vitest";
import { closesList, isErrorResponse, opensList } from "./lists.ts";

const packet = (...fields: [string, string][]) => new AmiPacket(fields);

describe("list detection by the wire", () => {
  it("opens on EventList: start (any case) and on the old `… will follow` message", () => {
    expect(
      opensList(packet(["Response", "Success"], ["EventList", "start"], ["Message", "Channels will follow"])),
    ).toBe(true);
    expect(opensList(packet(["Response", "Success"], ["EventList", "Start"]))).toBe(true);
    expect(opensList(packet(["Response", "Success"], ["Message", "Queue status will follow"]))).toBe(true);
    expect(opensList(packet(["Response", "Success"], ["Message", "Originate successfully queued"]))).toBe(
      false,
    );
    expect(opensList(packet(["Response", "Success"], ["Message", "Command output follows"]))).toBe(false);
    expect(opensList(packet(["Response", "Success"], ["Ping", "Pong"]))).toBe(false);
  });

  it("closes on EventList: Complete, or on a name ending in Complete when there is no EventList header", () => {
    expect(
      closesList(
        packet(["Event", "CoreShowChannelsComplete"], ["EventList", "Complete"], ["ListItems", "2"]),
      ),
    ).toBe(true);
    expect(closesList(packet(["Event", "QueueStatusComplete"], ["ActionID", "1"]))).toBe(true);
    expect(closesList(packet(["Event", "CoreShowChannel"], ["ActionID", "1"]))).toBe(false);
    // An item that happens to end in "Complete" but carries EventList other than Complete is an item.
    expect(closesList(packet(["Event", "SomethingComplete"], ["EventList", "item"]))).toBe(false);
  });

  it("treats only Response: Error as failure", () => {
    expect(isErrorResponse(packet(["Response", "Error"], ["Message", "x"]))).toBe(true);
    expect(isErrorResponse(packet(["Response", "Success"]))).toBe(false);
    expect(isErrorResponse(packet(["Response", "Follows"]))).toBe(false);
    expect(isErrorResponse(packet(["Response", "Goodbye"]))).toBe(false);
  });
});
