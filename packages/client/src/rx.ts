/**
 * The RxJS values the client uses, each imported from its own module of the pinned rxjs (`rxjs/internal/…`,
 * a path rxjs's package exports) instead of from `rxjs`, whose index loads every one of its ~250 modules:
 * in a fresh Node process `import("rxjs")` took 115 ms, these modules 55 ms (bench/README.md, issue 16).
 * Every script pays that before its first action. They are the very objects `rxjs` exports (`rx.test.ts`
 * checks each), so a caller's `instanceof Observable`, `pipe()` and operators work unchanged. Types still
 * come from `rxjs`.
 * @internal
 */
export { BehaviorSubject } from "rxjs/internal/BehaviorSubject";
export { Observable } from "rxjs/internal/Observable";
export { from } from "rxjs/internal/observable/from";
export { of } from "rxjs/internal/observable/of";
export { catchError } from "rxjs/internal/operators/catchError";
export { endWith } from "rxjs/internal/operators/endWith";
export { filter } from "rxjs/internal/operators/filter";
export { ignoreElements } from "rxjs/internal/operators/ignoreElements";
export { takeUntil } from "rxjs/internal/operators/takeUntil";
export { Subject } from "rxjs/internal/Subject";
