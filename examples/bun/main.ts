// Tails AMI events and originates a call, with @amikit/bun.
//
//   bun main.ts                                  # against a fake Asterisk started here
//   AMI_HOST=pbx AMI_SECRET=... bun main.ts      # against a real one
//
// Environment: AMI_HOST, AMI_PORT (5038), AMI_USERNAME (admin), AMI_SECRET, AMI_TLS=1 (TLS, port 5039),
// AMI_TLS_CA (a PEM file of the CA to trust, e.g. your Asterisk's self-signed one; implies TLS),
// AMI_TLS_SERVER_NAME (the name in the server's certificate, when AMI_HOST is an address; implies TLS),
// AMI_CHANNEL (the channel to call; default Local/wait@test, a dialplan the fake knows),
// AMI_TAIL_SECONDS (how long to tail; default 3 with the fake, until Ctrl-C with a real server).
import { type AmiTlsOptions, connect } from "@amikit/bun";
import { createFakeAsterisk, type FakeAsterisk } from "@amikit/testing";

const env = (name: string): string | undefined => process.env[name];
let fake: FakeAsterisk | undefined;
let host = env("AMI_HOST") || undefined;
const tls = await tlsOptions();
let port = Number(env("AMI_PORT") ?? (tls ? 5039 : 5038));
if (host === undefined) {
  fake = createFakeAsterisk({ timeScale: 0.1 });
  ({ host, port } = await fake.listen({ host: "127.0.0.1", port: 0 }));
  console.log(`No AMI_HOST given: started a fake Asterisk on ${host}:${port}`);
}

const ami = await connect({
  host,
  port,
  username: env("AMI_USERNAME") ?? "admin",
  secret: env("AMI_SECRET") ?? "amipass",
  ...(tls ? { tls } : {}),
});
console.log(`Logged in (${ami.greeting})`);

// One line per event: its name, what it is about (a channel, a device, a bridge), its state and cause;
// a column the event does not have is left out rather than printed empty.
const subscription = ami.events$.subscribe((event) => {
  const subject =
    event.Channel ?? event.DestChannel ?? event.LocalOneChannel ?? event.Device ?? event.BridgeUniqueid;
  const state = event.ChannelStateDesc ?? event.DestChannelStateDesc ?? event.DialStatus ?? event.State;
  console.log(["event", event.Event, subject, state, event["Cause-txt"]].filter(Boolean).join("  "));
});

const response = await ami.originate({
  Channel: env("AMI_CHANNEL") ?? "Local/wait@test",
  Application: "Wait",
  Data: "1",
  CallerID: '"amikit example" <2000>',
});
console.log(`OriginateResponse: ${response.Response} (Reason ${response.Reason})`);

const seconds = Number(env("AMI_TAIL_SECONDS") ?? (fake ? 3 : Number.POSITIVE_INFINITY));
await new Promise<void>((resolve) => {
  const stop = (): void => {
    clearTimeout(timer);
    process.off("SIGINT", stop);
    resolve();
  };
  const timer = Number.isFinite(seconds) ? setTimeout(stop, seconds * 1000) : undefined;
  process.on("SIGINT", stop);
});

subscription.unsubscribe();
await ami.close();
await fake?.close();
console.log("Closed");

/** `AmiTlsOptions` from AMI_TLS, AMI_TLS_CA and AMI_TLS_SERVER_NAME, or `undefined` for plain TCP. */
async function tlsOptions(): Promise<AmiTlsOptions | undefined> {
  const file = env("AMI_TLS_CA") || undefined;
  const ca = file === undefined ? undefined : await Bun.file(file).text();
  const serverName = env("AMI_TLS_SERVER_NAME") || undefined;
  if (env("AMI_TLS") !== "1" && ca === undefined && serverName === undefined) return undefined;
  return { ...(ca === undefined ? {} : { ca }), ...(serverName === undefined ? {} : { serverName }) };
}
