/**
 * A stand-in for a real server's traffic: a fake Asterisk whose answers to chosen actions are the bytes a
 * recorded Asterisk 22 sent for them (tools/test-support/fixtures/transcripts/asterisk-22), and which plays
 * the recording's events on demand.
 *
 * The transcript replay of @amikit/testing (`replayTranscript`) cannot serve `amikit top`: it answers the
 * client's packets in the recorded order only, and no recording has top's sequence of snapshot actions.
 * Here each snapshot action is answered with the recorded answer to the same action — the response, its
 * items and its closing event, byte for byte, with the client's ActionID put in place of the recorded one.
 */
import { packetHeaders, readTranscript, splitServerText } from "@amikit/test-support";
import { createFakeAsterisk, type FakeActionRequest, type FakeAsterisk } from "@amikit/testing";

/**
 * Which recorded answer each action gets: the ActionID the recording's client used (`{ CoreShowChannels:
 * "csc-1" }`). For an action about one bridge or conference (`BridgeInfo`, `ConfbridgeList`), a list of
 * them: the one whose recorded request named the same `BridgeUniqueid` / `Conference` is given.
 */
export type RecordedAnswers = Readonly<Record<string, string | readonly string[]>>;

/** A fake that answers from a recording. */
export interface RecordedAsterisk {
  readonly fake: FakeAsterisk;
  /** `ami://admin:amipass@127.0.0.1:<port>`. */
  readonly url: string;
  /** `Action ActionID` of each action answered from the recording, in the order they came. */
  readonly answered: readonly string[];
  /** Actions the recording had no answer for (they got `Response: Error`). */
  readonly unanswered: readonly string[];
  /**
   * Raises the recording's unsolicited events (no ActionID) that came after the answer to `afterActionId`
   * and before the answer to `untilActionId` (default: to the end), in order; returns how many.
   */
  playEvents(afterActionId: string, untilActionId?: string): number;
  close(): Promise<void>;
}

/** The recorded headers the answer to one request is chosen by. */
const KEYS: Readonly<Record<string, string>> = { bridgeinfo: "BridgeUniqueid", confbridgelist: "Conference" };

const GREETING = "Asterisk Call Manager/";

function actionIdOf(packet: string): string | undefined {
  return packetHeaders(packet).find(([name]) => name === "ActionID")?.[1];
}

/** Starts a fake on 127.0.0.1 that answers `answers` from the transcript `name` (e.g. `"queue-call"`). */
export async function startRecordedAsterisk(
  name: string,
  answers: RecordedAnswers,
): Promise<RecordedAsterisk> {
  const transcript = readTranscript(name);
  const packets = splitServerText(transcript.serverText).filter((packet) => !packet.startsWith(GREETING));
  const requests = splitServerText(transcript.clientText).map(packetHeaders);
  const fake = createFakeAsterisk();
  const answered: string[] = [];
  const unanswered: string[] = [];

  /** The recorded answer to `actionId`: every packet carrying it, in wire order. */
  const answerTo = (actionId: string): string[] => {
    const answer = packets.filter((packet) => actionIdOf(packet) === actionId);
    if (answer.length === 0) throw new Error(`${name}.jsonl has no answer to ${actionId}`);
    return answer;
  };
  const recordedRequest = (actionId: string) =>
    requests.find((headers) => headers.some(([key, value]) => key === "ActionID" && value === actionId));

  for (const [action, recorded] of Object.entries(answers)) {
    const candidates = typeof recorded === "string" ? [recorded] : recorded;
    for (const actionId of candidates) answerTo(actionId); // fail now for a wrong ActionID
    fake.handle(action, (request: FakeActionRequest) => {
      const key = KEYS[action.toLowerCase()];
      const wanted = key === undefined ? undefined : request.get(key);
      const actionId = candidates.find(
        (candidate) =>
          key === undefined ||
          recordedRequest(candidate)?.some(([header, value]) => header === key && value === wanted),
      );
      if (actionId === undefined) {
        unanswered.push(`${action} ${key}=${wanted}`);
        request.error(`${name}.jsonl has no answer to ${action} for ${key} ${wanted}`);
        return undefined;
      }
      answered.push(`${action} ${actionId}`);
      const mine = request.actionId ?? "";
      const text = answerTo(actionId)
        .map((packet) => packet.split(`\r\nActionID: ${actionId}\r\n`).join(`\r\nActionID: ${mine}\r\n`))
        .join("");
      request.session.sendRaw(text);
      return undefined;
    });
  }
  const address = await fake.listen({ host: "127.0.0.1", port: 0 });
  return {
    fake,
    url: `ami://admin:amipass@127.0.0.1:${address.port}`,
    answered,
    unanswered,
    playEvents(afterActionId, untilActionId) {
      const start = packets.findLastIndex((packet) => actionIdOf(packet) === afterActionId);
      const end =
        untilActionId === undefined
          ? packets.length
          : packets.findIndex((packet) => actionIdOf(packet) === untilActionId);
      if (start < 0 || end < 0)
        throw new Error(`${name}.jsonl: no answer to ${afterActionId} or ${untilActionId}`);
      const events = packets
        .slice(start + 1, end)
        .filter((packet) => packet.startsWith("Event: ") && actionIdOf(packet) === undefined);
      for (const packet of events) fake.emit(packetHeaders(packet));
      return events.length;
    },
    close: () => fake.close(),
  };
}
