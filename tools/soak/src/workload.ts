/**
 * What the soak's client does meanwhile: a steady stream of actions (`SoakEcho`s with a big payload, Pings, CLI
 * commands, an unknown action), a `CoreShowChannels` list every 250 ms, an Originate every second, and
 * event subscriptions (all of `events$`, a `UserEvent` subscription dropped and re-made every 2 s, and a
 * bounded `events()` reader that consumes slowly). Every request goes through the {@link Ledger}.
 */
import type { AmiClient } from "@amikit/client";
import type { Ledger } from "./ledger.ts";
import type { SoakOptions } from "./options.ts";
import type { Prng } from "./prng.ts";

/** What the subscriptions saw. */
export interface WorkloadEvents {
  /** Events on `events$`. */
  readonly events: number;
  /** `UserEvent`s on the churned `on("UserEvent")` subscriptions. */
  readonly userEvents: number;
  /** How many times that subscription was dropped and re-made. */
  readonly resubscriptions: number;
  /** Events the slow `events()` reader consumed. */
  readonly readerEvents: number;
  /** Events it dropped (drop-oldest), as counted by the reader. */
  readonly readerDropped: number;
  /** `lagged$` reports. */
  readonly lagged: number;
  /** How the reader ended, if it ended with an error. */
  readonly readerError: string | undefined;
}

/** A running workload. */
export interface Workload {
  /** Stops issuing requests; the subscriptions stay. */
  stopIssuing(): void;
  /** Stops issuing requests and ends the subscriptions; resolves once the reader has ended. */
  stop(): Promise<void>;
  /** The event counts so far. */
  events(): WorkloadEvents;
}

/**
 * Starts the workload on a connected `client`: `rate` actions per second with `actionTimeout` ms each;
 * each `SoakEcho` carries `payloadBytes` in its `Payload` header, to load the write path.
 */
export function startWorkload(
  client: AmiClient,
  ledger: Ledger,
  prng: Prng,
  {
    rate,
    actionTimeout: timeout,
    payloadBytes,
  }: Pick<SoakOptions, "rate" | "actionTimeout" | "payloadBytes">,
): Workload {
  const PAYLOAD = "p".repeat(payloadBytes);
  const options = { timeout };
  let budget = 0;
  let last = performance.now();
  const issue = setInterval(() => {
    const now = performance.now();
    budget += ((now - last) / 1000) * rate;
    last = now;
    for (; budget >= 1; budget--) {
      const pick = prng.next();
      if (pick < 0.6) {
        const Deadline = String(Date.now() + timeout);
        ledger.track("echo", () => client.action("SoakEcho", { Payload: PAYLOAD, Deadline }, options));
      } else if (pick < 0.85) {
        ledger.track("ping", () => client.action("Ping", {}, options));
      } else if (pick < 0.95) {
        ledger.track("command", () => client.command("core show uptime", options));
      } else {
        ledger.track("unknown-action", () => client.action("SoakNoSuchAction", {}, options));
      }
    }
  }, 10);
  const lists = setInterval(() => {
    ledger.track("list", () => client.list("CoreShowChannels", {}, options));
  }, 250);
  const originates = setInterval(() => {
    const params = { Channel: "Local/wait@test", Application: "Wait", Data: "1" };
    ledger.track("originate", () => client.originate(params, { timeout: timeout * 3 }));
  }, 1000);

  let events = 0;
  let userEvents = 0;
  let resubscriptions = 0;
  let lagged = 0;
  let readerEvents = 0;
  let readerError: string | undefined;
  const all = client.events$.subscribe(() => {
    events++;
  });
  const laggedSubscription = client.lagged$.subscribe(() => {
    lagged++;
  });
  let userSubscription = client.on("UserEvent").subscribe(() => {
    userEvents++;
  });
  const churn = setInterval(() => {
    userSubscription.unsubscribe();
    resubscriptions++;
    userSubscription = client.on("UserEvent").subscribe(() => {
      userEvents++;
    });
  }, 2000);
  const reader = client.events({ size: 1000, overflow: "drop-oldest", names: ["UserEvent"] });
  const reading = (async () => {
    try {
      for await (const _event of reader) {
        readerEvents++;
        // A consumer slower than a burst: the reader's bound, not this loop, decides what is kept.
        if (readerEvents % 100 === 0) await new Promise((resolve) => setTimeout(resolve, prng.int(1, 20)));
      }
    } catch (error) {
      readerError = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
    }
  })();

  const stopIssuing = () => {
    clearInterval(issue);
    clearInterval(lists);
    clearInterval(originates);
  };
  return {
    stopIssuing,
    async stop() {
      stopIssuing();
      clearInterval(churn);
      all.unsubscribe();
      laggedSubscription.unsubscribe();
      userSubscription.unsubscribe();
      reader.close();
      await reading;
    },
    events: () => ({
      events,
      userEvents,
      resubscriptions,
      readerEvents,
      readerDropped: reader.dropped,
      lagged,
      readerError,
    }),
  };
}
