import { describe, expect, test } from "vitest";
import { startDeadline } from "./deadline.ts";
import { AmiSocketError } from "./socket-error.ts";

const never = new Promise<never>(() => {});

describe("startDeadline", () => {
  test("passes the step's value through when it comes first", async () => {
    const deadline = startDeadline("h:1", 1000, undefined);
    await expect(deadline.race(Promise.resolve(42), () => {})).resolves.toBe(42);
    deadline.dispose();
  });

  test("passes the step's own error through when it fails first", async () => {
    const deadline = startDeadline("h:1", 1000, undefined);
    const failure = new Error("refused");
    await expect(deadline.race(Promise.reject(failure), () => {})).rejects.toBe(failure);
    deadline.dispose();
  });

  test('rejects with code "timeout" after the timeout and discards what the step yields later', async () => {
    const deadline = startDeadline("h:1", 20, undefined);
    let finish: (value: string) => void = () => {};
    const step = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const discarded: string[] = [];
    const error = await deadline
      .race(step, (value) => discarded.push(value))
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AmiSocketError);
    expect((error as AmiSocketError).code).toBe("timeout");
    expect((error as AmiSocketError).message).toContain("h:1");
    expect(deadline.signal.aborted).toBe(true);
    finish("late connection");
    await Promise.resolve();
    await Promise.resolve();
    expect(discarded).toEqual(["late connection"]);
  });

  test('rejects with code "aborted", with the reason as cause, when the signal fires', async () => {
    const controller = new AbortController();
    const deadline = startDeadline("h:1", undefined, controller.signal);
    const racing = deadline.race(never, () => {});
    const reason = new Error("user gave up");
    controller.abort(reason);
    await expect(racing).rejects.toMatchObject({ code: "aborted", cause: reason });
  });

  test("rejects at once for an already aborted signal", async () => {
    const deadline = startDeadline("h:1", undefined, AbortSignal.abort());
    await expect(deadline.race(never, () => {})).rejects.toMatchObject({ code: "aborted" });
  });
});
