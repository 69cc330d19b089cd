#!/usr/bin/env node
/**
 * `pnpm soak -- --duration 120`: runs one soak and prints its summary. Exit code 0 when every invariant
 * held, 1 when one broke, 2 for a bad command line or a harness failure, 3 if the run overran its bound.
 */
import { parseSoakArgs, SoakUsageError, USAGE } from "./options.ts";
import { graceMs, recoveryMs, runSoak } from "./soak.ts";
import { formatSummary } from "./summary.ts";

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<number> {
  let options: ReturnType<typeof parseSoakArgs>;
  try {
    options = parseSoakArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SoakUsageError)) throw error;
    console.error(`soak: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (gc === undefined) {
    console.error("soak: run node with --expose-gc (pnpm soak does): memory is sampled after a forced GC");
    return 2;
  }
  // Bounded whatever happens: the run, the grace period, the recovery check, and a margin for start and stop.
  const bound =
    options.durationSeconds * 1000 +
    graceMs(options.actionTimeout) +
    recoveryMs(options.actionTimeout) +
    30_000;
  setTimeout(() => {
    console.error(`soak: still running ${bound} ms after the start; giving up`);
    process.exit(3);
  }, bound).unref();
  const report = await runSoak(options, gc, (line) => console.log(`[soak] ${line}`));
  for (const line of formatSummary(report)) console.log(line);
  return report.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("soak: the harness failed:", error);
    process.exit(2);
  },
);
