import { describeWithAsteriskDocs } from "@amikit/test-support/vitest";
import { expect, it } from "vitest";
import { overrides } from "../overrides.ts";
import { releases, versionModel, xmlText } from "./support.ts";

/** Phrases with which the XML says a header is sent only in some cases. */
const CONDITIONAL =
  /only (?:be )?present|present if|only appear|only included|only sent|not included|if available|if provided/i;

/** A parameter's own description: its enum values' texts describe the values, not the header. */
function ownText(parameter: string): string {
  return parameter
    .replace(/<enumlist>[\s\S]*?<\/enumlist>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

/**
 * Event headers whose XML description uses conditional language, found with a plain tag scan (no XML
 * parser, no include resolution): `Event.Header` for every parameter not already marked `required="false"`.
 */
function conditionalHeaders(xml: string): string[] {
  const renames = new Map(overrides.renamedEvents.map((r) => [r.from, r.to]));
  const found = new Set<string>();
  const events = /<managerEvent\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/managerEvent>/g;
  for (const [, name = "", body = ""] of xml.matchAll(events)) {
    for (const [, attributes = "", text = ""] of body.matchAll(
      /<parameter\b([^>]*)>([\s\S]*?)<\/parameter>/g,
    )) {
      if (/required="false"/.test(attributes)) continue;
      const header = /\bname="([^"]+)"/.exec(attributes)?.[1];
      if (header !== undefined && CONDITIONAL.test(ownText(text))) {
        found.add(`${renames.get(name) ?? name}.${header}`);
      }
    }
  }
  return [...found].sort();
}

describeWithAsteriskDocs("headers Asterisk sends only in some cases", () => {
  it.each(releases)("%s: every header the XML describes as conditional is typed optional", (version) => {
    const model = versionModel(version);
    const candidates = conditionalHeaders(xmlText(version));
    expect(candidates.length).toBeGreaterThan(5);
    const typedPresent = candidates.filter((id) => {
      const [event = "", header = ""] = id.split(".");
      return model.events.get(event)?.headers.find((h) => h.name === header)?.presence === "present";
    });
    expect(typedPresent).toEqual([]);
  });

  it("lists the headers an override makes optional, each with its reason", () => {
    const relaxed = new Map<string, string>();
    for (const version of releases) {
      for (const event of versionModel(version).events.values()) {
        for (const header of event.headers) {
          if (
            header.source === "override" &&
            header.presence === "optional" &&
            header.snapshot === undefined &&
            event.documented
          ) {
            relaxed.set(`${event.name}.${header.name}`, header.note ?? "");
          }
        }
      }
    }
    expect([...relaxed.values()].filter((reason) => reason.length < 20)).toEqual([]);
    expect([...relaxed.keys()].sort()).toEqual([
      "Agents.CallStarted",
      "Agents.LoggedInTime",
      "Agents.TalkingToChan",
      "AttendedTransfer.DestApp",
      "AttendedTransfer.DestBridgeUniqueid",
      "AttendedTransfer.DestTransfererChannel",
      "BridgeEnter.SwapUniqueid",
      "ContactList.CallId",
      "ContactList.ViaAddr",
      "ContactList.ViaPort",
      "ContactStatusDetail.CallID",
      "ContactStatusDetail.ViaAddress",
      "Hangup.TechCause",
      "Hold.MusicClass",
      "InboundSubscriptionDetail.Extension",
      "InboundSubscriptionDetail.ExtensionStates",
      "InboundSubscriptionDetail.Mailboxes",
      "OriginateResponse.Application",
      "OriginateResponse.Context",
      "OriginateResponse.Data",
      "OriginateResponse.Exten",
      "OutboundSubscriptionDetail.Extension",
      "OutboundSubscriptionDetail.ExtensionStates",
      "OutboundSubscriptionDetail.Mailboxes",
      "Registry.Cause",
      "SIPQualifyPeerDone.ActionID",
    ]);
  });
});
