/** A stand-in for the client: events and connection state pushed by the test, list answers it controls. */
import type { AmiClient, AmiClientState, AmiEvent } from "@amikit/client";
import { BehaviorSubject, Subject } from "rxjs";

/** A list request the stub has not answered yet. */
export interface PendingList {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  answer(events: readonly AmiEvent[]): void;
}

/** The stub and its controls. */
export interface StubClient {
  readonly client: AmiClient;
  readonly events$: Subject<AmiEvent>;
  readonly state$: BehaviorSubject<AmiClientState>;
  /** List requests in arrival order, answered or not. */
  readonly lists: PendingList[];
}

/** A stub client, `idle` until the test moves `state$`. */
export function stubClient(): StubClient {
  const events$ = new Subject<AmiEvent>();
  const state$ = new BehaviorSubject<AmiClientState>({ status: "idle" });
  const lists: PendingList[] = [];
  const client = {
    events$,
    state$,
    get state() {
      return state$.value;
    },
    list(action: string, params: Record<string, string> = {}) {
      return new Promise((resolve) => {
        lists.push({
          action,
          params,
          answer: (events) => resolve({ response: {}, events, complete: undefined }),
        });
      });
    },
  } as unknown as AmiClient;
  return { client, events$, state$, lists };
}
