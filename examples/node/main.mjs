// Tails AMI events and originates a call, with @amikit/node.
//
//   node main.mjs                                  # against a fake Asterisk started here
//   AMI_HOST=pbx AMI_SECRET=... node main.mjs      # against a real one
//
// Environment: AMI_HOST, AMI_PORT (5038), AMI_USERNAME (admin), AMI_SECRET, AMI_TLS=1 (TLS, port 5039),
// AMI_TLS_CA (a PEM file of the CA to trust, e.g. your Asterisk's self-signed one; implies TLS),
// AMI_TLS_SERVER_NAME (the name in the server's certificate, when AMI_HOST is an address; implies TLS),
// AMI_CHANNEL (the channel to call; default Local/wait@test, a dialplan the fake knows),
// AMI_TAIL_SECONDS (how long to tail; default 3 with the fake, until Ctrl-C with a real server).
import { readFileSync } from "node:fs";
import { connect } from "@amikit/node";
import { createFakeAsterisk } from "@amikit/testing";

const env = process.env;
let fake;
let host = env.AMI_HOST || undefined;
const tls = tlsOptions();
let port = Number(env.AMI_PORT ?? (tls ? 5039 : 5038));
if (host === undefined) {
  fake = createFakeAsterisk({ timeScale: 0.1 });
  ({ host, port } = await fake.listen({ host: "127.0.0.1", port: 0 }));
  console.log(`No AMI_HOST given: started a fake Asterisk on ${host}:${port}`);
}

const ami = await connect({
  host,
  port,
  username: env.AMI_USERNAME ?? "admin",
  secret: env.AMI_SECRET ?? "amipass",
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
  Channel: env.AMI_CHANNEL ?? "Local/wait@test",
  Application: "Wait",
  Data: "1",
  CallerID: '"amikit example" <2000>',
});
console.log(`OriginateResponse: ${response.Response} (Reason ${response.Reason})`);

const seconds = Number(env.AMI_TAIL_SECONDS ?? (fake ? 3 : Number.POSITIVE_INFINITY));
await new Promise((resolve) => {
  const timer = Number.isFinite(seconds) ? setTimeout(resolve, seconds * 1000) : undefined;
  process.once("SIGINT", () => {
    clearTimeout(timer);
    resolve();
  });
});

subscription.unsubscribe();
await ami.close();
await fake?.close();
console.log("Closed");

/** `AmiTlsOptions` from AMI_TLS, AMI_TLS_CA and AMI_TLS_SERVER_NAME, or `undefined` for plain TCP. */
function tlsOptions() {
  const ca = env.AMI_TLS_CA ? readFileSync(env.AMI_TLS_CA, "utf8") : undefined;
  const serverName = env.AMI_TLS_SERVER_NAME || undefined;
  if (env.AMI_TLS !== "1" && ca === undefined && serverName === undefined) return undefined;
  return { ...(ca === undefined ? {} : { ca }), ...(serverName === undefined ? {} : { serverName }) };
}
