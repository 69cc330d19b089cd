/**
 * The hostile fake Asterisk: `@amikit/testing`'s fake (which speaks AMI as Asterisk 22 does) behind a
 * stall proxy (stall-proxy.ts), plus a scheduler that, under a seeded PRNG, keeps doing something nasty to the
 * clients: stop reading, reset connections, accept logins then drop them, burst events, and send
 * packets past (or dense under) the client's `maxPacketBytes`.
 */
import { createFakeAsterisk, type FakeSession } from "@amikit/testing";
import { BEHAVIOURS, type Behaviour, DEFAULT_BEHAVIOURS } from "./behaviours.ts";
import { maxLoginsWithin, SOAK_RECONNECT } from "./client-policy.ts";
import { createPrng, type Prng } from "./prng.ts";
import { startStallProxy } from "./stall-proxy.ts";

/** One login-flap window: how many logins it saw against how many the client's backoff allows. */
export interface FlapWindow {
  readonly ms: number;
  readonly logins: number;
  readonly allowed: number;
}

/** What the hostile server did, and what it saw the client do. */
export interface HostileStats {
  /** How many times each behaviour ran. */
  readonly behaviours: Record<Behaviour, number>;
  /** Milliseconds spent not reading from clients. */
  readonly stalledMs: number;
  /** Each stretch of not reading, as `[start, end]` in `Date.now()` ms (overlapping stalls merged). */
  readonly stallSpans: readonly (readonly [number, number])[];
  /** Events raised by bursts (each reaches every logged-in connection). */
  readonly burstEvents: number;
  /** Behaviours skipped: oversize and dense without a logged-in connection, drop and flap during a long stall. */
  readonly skipped: number;
  /** Every Login the fake received. */
  readonly logins: number;
  /** Each finished login-flap window. */
  readonly flapWindows: readonly FlapWindow[];
  /** `SoakEcho` actions that arrived after their `Deadline` header (sent after the client gave up on them). */
  readonly lateActions: number;
  /** How late the latest of them was, in ms. */
  readonly maxLateMs: number;
  /** At the time of the report: open connections, and those blocked one way or the other in the proxy. */
  readonly connections: { readonly open: number; readonly blocked: number; readonly backedUp: number };
  /** At the time of the report: the fake's open sessions, and how many of them are logged in. */
  readonly sessions: { readonly open: number; readonly loggedIn: number };
}

/** What the scheduler is tuned by. */
export interface HostileOptions {
  readonly seed: number;
  /** The client's `maxPacketBytes`, which oversized packets exceed and dense ones stay under. */
  readonly maxPacketBytes: number;
  /** Mean milliseconds between two behaviours (each gap is uniform in 0.4×..1.6× this). Default 1250. */
  readonly paceMs?: number;
  /** The behaviours to run. Default: {@link DEFAULT_BEHAVIOURS}. */
  readonly behaviours?: readonly Behaviour[];
}

/** A running hostile server. */
export interface HostileServer {
  /** Where clients connect (host 127.0.0.1). */
  readonly port: number;
  /** Starts the hostile behaviours. */
  startChaos(): void;
  /** Stops every hostile behaviour: reading resumes, logins stay up. The fake keeps answering. */
  calm(): void;
  /** The counts so far. */
  stats(): HostileStats;
  /** Stops everything. */
  close(): Promise<void>;
}

interface Flap {
  readonly startedAt: number;
  logins: number;
}

/** Starts the fake Asterisk and its proxy on 127.0.0.1; hostile behaviours start with `startChaos()`. */
export async function startHostileServer(options: HostileOptions): Promise<HostileServer> {
  const prng = createPrng(options.seed ^ 0x5eed);
  const pace = options.paceMs ?? 1250;
  const fake = createFakeAsterisk({ historyLimit: 0 });
  const upstream = await fake.listen({ host: "127.0.0.1", port: 0 });
  const proxy = await startStallProxy(upstream.port);

  const behaviours = Object.fromEntries(BEHAVIOURS.map((name) => [name, 0])) as Record<Behaviour, number>;
  const flapWindows: FlapWindow[] = [];
  let stalledMs = 0;
  let stallEnds = 0;
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  let stallStart = 0;
  let longStallEnds = 0;
  const stallSpans: [number, number][] = [];
  let burstEvents = 0;
  let skipped = 0;
  let logins = 0;
  let lateActions = 0;
  let maxLateMs = 0;
  let flap: Flap | undefined;
  let flapTimer: ReturnType<typeof setTimeout> | undefined;
  let chaosTimer: ReturnType<typeof setTimeout> | undefined;
  let calm = true;

  fake.handle("Login", (request) => {
    logins++;
    const current = flap;
    if (current === undefined) return request.fallback().then(() => undefined);
    current.logins++;
    // Accept the login, answer nothing after it, and close the connection.
    return request.fallback().then(async () => {
      await request.session.close();
      return undefined;
    });
  });
  fake.handle("SoakEcho", (request) => {
    const deadline = Number(request.get("Deadline"));
    const late = Date.now() - deadline;
    if (Number.isFinite(late) && late > 0) {
      lateActions++;
      maxLateMs = Math.max(maxLateMs, late);
    }
    return { Response: "Success", Message: "Echo" };
  });

  const endStall = () => {
    if (stallTimer === undefined) return;
    clearTimeout(stallTimer);
    stallTimer = undefined;
    stallSpans.push([stallStart, Date.now()]);
    proxy.resume();
  };
  const endFlap = () => {
    if (flapTimer !== undefined) clearTimeout(flapTimer);
    flapTimer = undefined;
    const current = flap;
    flap = undefined;
    if (current === undefined) return;
    const ms = Date.now() - current.startedAt;
    flapWindows.push({ ms, logins: current.logins, allowed: maxLoginsWithin(ms, SOAK_RECONNECT) });
  };

  const loggedIn = (): FakeSession[] => fake.openSessions.filter((session) => session.authenticated);

  const run: Record<Behaviour, (prng: Prng) => void> = {
    stall(random) {
      // Mostly short stalls; one in four outlasts the action timeout by far, on a logged-in connection
      // that no drop or flap ends meanwhile: the write path's test (does the client stop writing?).
      const long = random.next() < 0.25 && loggedIn().length > 0;
      const ms = long ? random.between(5000, 10_000) : random.between(200, 2000);
      const now = Date.now();
      if (long) longStallEnds = Math.max(longStallEnds, now + ms);
      const end = Math.max(stallEnds, now + ms);
      stalledMs += end - Math.max(stallEnds, now);
      stallEnds = end;
      if (stallTimer === undefined) stallStart = now;
      else clearTimeout(stallTimer);
      proxy.stall();
      stallTimer = setTimeout(endStall, end - now);
    },
    drop() {
      if (Date.now() < longStallEnds) {
        skipped++;
        return;
      }
      proxy.resetAll();
    },
    flap(random) {
      if (Date.now() < longStallEnds) {
        skipped++;
        return;
      }
      if (flap !== undefined) return;
      flap = { startedAt: Date.now(), logins: 0 };
      flapTimer = setTimeout(endFlap, random.between(3000, 6000));
      proxy.resetAll();
    },
    halfclose() {
      if (Date.now() < longStallEnds) {
        skipped++;
        return;
      }
      proxy.halfCloseAll();
    },
    burst(random) {
      const count = random.int(500, 5000);
      let sent = 0;
      const batch = () => {
        if (calm) return;
        const start = sent;
        const end = Math.min(count, sent + 250);
        for (; sent < end; sent++) {
          fake.emit({ Event: "UserEvent", Privilege: "user,all", UserEvent: "SoakBurst", Seq: String(sent) });
        }
        burstEvents += sent - start;
        if (sent < count) setImmediate(batch);
      };
      batch();
    },
    oversize(random) {
      const target = loggedIn();
      if (target.length === 0) {
        skipped++;
        return;
      }
      const session = target[random.int(0, target.length - 1)] as FakeSession;
      const size = random.int(options.maxPacketBytes + 1, options.maxPacketBytes * 4);
      // Half end the packet, half leave the line running as a server that never ends it would.
      const end = random.next() < 0.5 ? "\r\n\r\n" : "";
      session.sendRaw(`Event: SoakOversize\r\nPrivilege: user,all\r\nData: ${"x".repeat(size)}${end}`);
    },
    dense(random) {
      const target = loggedIn();
      if (target.length === 0) {
        skipped++;
        return;
      }
      const session = target[random.int(0, target.length - 1)] as FakeSession;
      // Just under maxPacketBytes, made of two-byte lines: as many fields as the byte limit lets through.
      const head = "Event: SoakDense\r\nPrivilege: user,all\r\n";
      const lines = Math.floor((options.maxPacketBytes - head.length - 64) / 2);
      session.sendRaw(`${head}${"a\n".repeat(lines)}\r\n`);
    },
  };

  // Rounds of every behaviour in a shuffled order, so even a short soak sees each of them.
  let round: Behaviour[] = [];
  const next = () => {
    if (calm) return;
    if (round.length === 0) round = prng.shuffle(options.behaviours ?? DEFAULT_BEHAVIOURS);
    const behaviour = round.shift() as Behaviour;
    behaviours[behaviour]++;
    run[behaviour](prng);
    chaosTimer = setTimeout(next, prng.between(pace * 0.4, pace * 1.6));
  };

  const calmDown = () => {
    calm = true;
    if (chaosTimer !== undefined) clearTimeout(chaosTimer);
    chaosTimer = undefined;
    if (stallTimer !== undefined) {
      stalledMs -= Math.max(0, stallEnds - Date.now());
      endStall();
    }
    endFlap();
  };

  return {
    port: proxy.port,
    startChaos() {
      if (!calm) return;
      calm = false;
      chaosTimer = setTimeout(next, prng.between(pace * 0.4, pace * 1.6));
    },
    calm: calmDown,
    stats: () => ({
      behaviours: { ...behaviours },
      stalledMs: Math.round(stalledMs),
      stallSpans: [...stallSpans],
      burstEvents,
      skipped,
      logins,
      flapWindows: [...flapWindows],
      lateActions,
      maxLateMs,
      connections: { open: proxy.connections, blocked: proxy.blocked, backedUp: proxy.backedUp },
      sessions: { open: fake.openSessions.length, loggedIn: loggedIn().length },
    }),
    async close() {
      calmDown();
      await proxy.close();
      await fake.close();
    },
  };
}
