import { transcriptEntries, transcriptNames, transcriptPath } from "@amikit/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { parseTranscript, replayTranscript, type TranscriptReplay } from "./index.ts";
import { rewriteActionIds } from "./replay-script.ts";
import { WireClient } from "./test-support/wire-client.ts";

let replay: TranscriptReplay | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

const decoder = new TextDecoder();
const serverText = (name: string) =>
  transcriptEntries(name)
    .filter((entry) => entry.dir === "s2c")
    .map((entry) => entry.text)
    .join("");

describe("replayTranscript reproduces each recording byte for byte", () => {
  for (const name of transcriptNames()) {
    it(`${name}.jsonl in memory, chunk for chunk`, async () => {
      const entries = transcriptEntries(name);
      replay = replayTranscript(entries);
      const client = await WireClient.memory(replay.transport());
      for (const entry of entries) if (entry.dir === "c2s") await client.send(entry.text ?? "");
      const expected = entries.filter((entry) => entry.dir === "s2c").map((entry) => entry.text);
      await client.until(() => client.chunks.length >= expected.length, 5000, "every recorded chunk");
      expect(client.chunks.map((chunk) => decoder.decode(chunk))).toEqual(expected);
      expect(replay.mismatches).toEqual([]);
      expect(replay.completed).toBe(true);
      const serverCloses = entries.some((entry) => entry.dir === "close" && entry.by === "server");
      if (serverCloses) expect(await client.closed).toBeUndefined();
      else expect(client.isClosed).toBe(false);
    });
  }

  it("over TCP from a file path (ping-command.jsonl)", async () => {
    replay = replayTranscript(transcriptPath("ping-command"));
    const { port } = await replay.listen();
    const client = await WireClient.tcp(port);
    for (const entry of transcriptEntries("ping-command"))
      if (entry.dir === "c2s") await client.send(entry.text ?? "");
    const expected = serverText("ping-command");
    await client.until(() => client.text.length >= expected.length, 5000, "the recorded bytes");
    expect(client.text).toBe(expected);
  });
});

describe("replay with the client's own ActionIDs", () => {
  it("rewrites every recorded ActionID line, later events included (originate-call.jsonl)", async () => {
    replay = replayTranscript(transcriptPath("originate-call"));
    const client = await WireClient.memory(replay.transport());
    const entries = transcriptEntries("originate-call");
    for (const entry of entries) {
      if (entry.dir !== "c2s") continue;
      await client.send((entry.text ?? "").replace(/^ActionID: (.*)$/m, "ActionID: mine-$1"));
    }
    const expected = serverText("originate-call").replace(/^ActionID: (.*)\r$/gm, "ActionID: mine-$1\r");
    await client.until(() => client.text.length >= expected.length, 5000, "the rewritten bytes");
    expect(client.text).toBe(expected);
    const originateResponse = client.packets.find((packet) => packet.name === "OriginateResponse");
    expect(originateResponse?.get("ActionID")).toBe("mine-orig-1");
  });

  it("keeps the recorded ActionIDs when rewriting is off", async () => {
    replay = replayTranscript(transcriptEntries("login-plain"), { rewriteActionIds: false });
    const client = await WireClient.memory(replay.transport());
    await client.send("Action: Login\r\nActionID: other\r\nUsername: admin\r\nSecret: amipass\r\n\r\n");
    await client.packetCount(4);
    expect(client.text).toBe(serverText("login-plain"));
  });
});

describe("replay mismatches", () => {
  it("resets the connection and reports an action the recording did not have", async () => {
    replay = replayTranscript(transcriptEntries("login-plain"));
    const client = await WireClient.memory(replay.transport());
    await client.send("Action: Ping\r\nActionID: x\r\n\r\n");
    const error = await client.closed;
    expect(error).toMatchObject({ name: "AmiSocketError", code: "reset" });
    expect(replay.mismatches).toHaveLength(1);
    expect(replay.mismatches[0]?.reason).toBe("expected Action Login, got Ping");
    expect(replay.mismatches[0]?.received.get("ActionID")).toBe("x");
  });

  it('checks every header with match: "fields" (a wrong md5 key is caught)', async () => {
    replay = replayTranscript(transcriptEntries("login-md5"), { match: "fields" });
    const client = await WireClient.memory(replay.transport());
    await client.send("Action: Challenge\r\nActionID: c\r\nAuthType: MD5\r\n\r\n");
    await client.send("Action: Login\r\nActionID: l\r\nAuthType: MD5\r\nUsername: admin\r\nKey: 00\r\n\r\n");
    await client.closed;
    expect(replay.mismatches.map((mismatch) => mismatch.index)).toEqual([1]);
    expect(replay.mismatches[0]?.reason).toMatch(/^headers differ from the recording/);
  });

  it("reports a packet beyond the recording but carries on with onMismatch: continue", async () => {
    replay = replayTranscript(transcriptEntries("action-before-login"), { onMismatch: "continue" });
    const client = await WireClient.memory(replay.transport());
    await client.send("Action: Ping\r\nActionID: p1\r\n\r\nAction: CoreStatus\r\nActionID: p2\r\n\r\n");
    await client.send("Action: Ping\r\nActionID: p3\r\n\r\n");
    await client.packetCount(3);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(replay.mismatches.map((mismatch) => mismatch.reason)).toEqual([
      "the client sent more packets than the recording holds",
    ]);
    expect(client.isClosed).toBe(false);
  });

  it("rejects a transcript file that does not exist, with the cause", async () => {
    replay = replayTranscript("/nonexistent/transcript.jsonl");
    await expect(replay.ready()).rejects.toMatchObject({
      name: "TranscriptFormatError",
      cause: { code: "ENOENT" },
    });
  });
});

describe("parseTranscript", () => {
  it("names the line that is not valid", () => {
    expect(() => parseTranscript('{"dir":"s2c","text":"a"}\n{"dir":"sideways"}\n')).toThrowError(
      /line 2: "dir" must be/,
    );
    expect(() => parseTranscript("{not json")).toThrowError(/line 1 is not JSON/);
    expect(() => parseTranscript('{"dir":"c2s"}')).toThrowError(/needs a "text" string/);
  });
});

describe("rewriteActionIds", () => {
  const ids = new Map<string, string | null>([["a1", "client-7"]]);

  it("replaces whole ActionID lines only", () => {
    expect(rewriteActionIds(["Response: Success\r\nActionID: a1\r\nX: ActionID: a1\r\n\r\n"], ids)).toEqual([
      "Response: Success\r\nActionID: client-7\r\nX: ActionID: a1\r\n\r\n",
    ]);
    expect(rewriteActionIds(["ActionID: a10\r\n"], ids)).toEqual(["ActionID: a10\r\n"]);
  });

  it("keeps chunk boundaries, also one that falls inside a replaced line", () => {
    const chunks = ["Response: Success\r\nAction", "ID: a1\r\nPing: Pong\r\n", "\r\n"];
    const out = rewriteActionIds(chunks, ids);
    expect(out.join("")).toBe("Response: Success\r\nActionID: client-7\r\nPing: Pong\r\n\r\n");
    expect(out).toHaveLength(3);
    expect(out[0]).toBe("Response: Success\r\nAction");
    expect(out[2]).toBe("\r\n");
  });

  it("drops the line when the client sent no ActionID", () => {
    expect(rewriteActionIds(["Response: Success\r\nActionID: a1\r\n\r\n"], new Map([["a1", null]]))).toEqual([
      "Response: Success\r\n\r\n",
    ]);
  });
});
