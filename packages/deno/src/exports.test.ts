import * as client from "@amikit/client";
import * as definitions from "@amikit/definitions";
import * as live from "@amikit/live";
import { describeReExports } from "@amikit/test-support/vitest";
import * as runtime from "./index.ts";

describeReExports({
  packageName: "@amikit/deno",
  runtime,
  sources: {
    "@amikit/client": { module: client, sample: ["createClient", "AmiTimeoutError", "ofEvent"] },
    "@amikit/definitions": { module: definitions, sample: ["findAction", "actionMetadata"] },
    "@amikit/live": { module: live, sample: ["trackPbx", "reduce", "LivePermissionError"] },
  },
  own: ["connect", "denoTransport"],
});
