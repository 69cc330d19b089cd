import { describe, expect, test } from "vitest";
import { bunTransport } from "./transport.ts";

describe("bunTransport", () => {
  test('outside Bun, open() rejects with code "unsupported"', async () => {
    const opening = bunTransport().open({ host: "127.0.0.1", port: 5038 }, { onData() {}, onClose() {} });
    await expect(opening).rejects.toMatchObject({ name: "AmiSocketError", code: "unsupported" });
  });
});
