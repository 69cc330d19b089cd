import { expect, test } from "vitest";
import * as cli from "./index.ts";

test("@amikit/cli exports running the command and starting the simulator, nothing internal", () => {
  expect(Object.keys(cli).sort()).toEqual(["ExitCode", "runCli", "startSimulatedAsterisk"]);
  expect(cli.ExitCode).toEqual({ ok: 0, amiError: 1, usage: 2, connection: 3 });
});
