import { describe, expect, it } from "vitest";
import { readableTlsReason, toSocketError } from "./map-error.ts";

describe("TLS failure messages", () => {
  it("reduces an OpenSSL error line to its reason, with a hint", () => {
    expect(
      readableTlsReason(
        "80DC861C477F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:" +
          "../deps/openssl/openssl/ssl/record/ssl3_record.c:350:",
      ),
    ).toBe("wrong version number (is the server speaking TLS on that port?)");
    expect(
      readableTlsReason(
        "807CA1B62B7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:" +
          "../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116",
      ),
    ).toBe("tlsv13 alert certificate required (the server requires a client certificate)");
  });

  it("keeps messages that are not OpenSSL lines", () => {
    expect(readableTlsReason("unable to verify the first certificate")).toBe(
      "unable to verify the first certificate",
    );
  });

  it("names the target and keeps the code and the original error as cause", () => {
    const original = Object.assign(
      new Error("80DC:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:x.c:350:"),
      { code: "ERR_SSL_WRONG_VERSION_NUMBER" },
    );
    const error = toSocketError(original, "127.0.0.1:5038", true);
    expect(error.code).toBe("tls");
    expect(error.message).toBe(
      "TLS handshake with 127.0.0.1:5038 failed: wrong version number " +
        "(is the server speaking TLS on that port?) (ERR_SSL_WRONG_VERSION_NUMBER)",
    );
    expect(error.cause).toBe(original);
  });
});
