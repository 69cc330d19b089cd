/**
 * Constructors of plain objects sized for one key sequence (see {@link plainObjectConstructor}).
 * @internal
 */

/** A constructor whose objects are plain objects (prototype `Object.prototype`, nothing own). @internal */
export type PlainObjectConstructor = new () => Record<string, string>;

/**
 * A new constructor of plain objects: its objects have `Object.prototype` as prototype and no own
 * property, exactly like `{}`. What differs is their layout in V8, which matters when all the objects of
 * one constructor get the same properties in the same order (the packets of one event name):
 *
 * - `{}` has room for 4 properties in the object; every further 3 properties grow (copy) a separate
 *   property array, so a 25-header event allocates that array 7 times.
 * - A constructor's objects start with room for as many properties as its body assigns to `this`, plus
 *   8, and after its first few objects V8 shrinks that room to what they actually received (in-object
 *   slack tracking). The 40 assignments below never run (`reserve` is never passed); they are there
 *   only to be counted, so objects of up to 48 properties keep every one in the object itself.
 *
 * Each call returns a distinct function, so each key sequence gets its own layout. Measured: `toObject()`
 * of the call-burst events ~10 % faster than building on `{}` (bench/README.md, issue 16). Not
 * `new Function`: generated code would break under a Content Security Policy.
 * @internal
 */
export function plainObjectConstructor(): PlainObjectConstructor {
  const create = function PlainObject(this: Record<string, unknown>, reserve?: boolean): void {
    if (reserve !== true) return;
    this.r0 = undefined;
    this.r1 = undefined;
    this.r2 = undefined;
    this.r3 = undefined;
    this.r4 = undefined;
    this.r5 = undefined;
    this.r6 = undefined;
    this.r7 = undefined;
    this.r8 = undefined;
    this.r9 = undefined;
    this.r10 = undefined;
    this.r11 = undefined;
    this.r12 = undefined;
    this.r13 = undefined;
    this.r14 = undefined;
    this.r15 = undefined;
    this.r16 = undefined;
    this.r17 = undefined;
    this.r18 = undefined;
    this.r19 = undefined;
    this.r20 = undefined;
    this.r21 = undefined;
    this.r22 = undefined;
    this.r23 = undefined;
    this.r24 = undefined;
    this.r25 = undefined;
    this.r26 = undefined;
    this.r27 = undefined;
    this.r28 = undefined;
    this.r29 = undefined;
    this.r30 = undefined;
    this.r31 = undefined;
    this.r32 = undefined;
    this.r33 = undefined;
    this.r34 = undefined;
    this.r35 = undefined;
    this.r36 = undefined;
    this.r37 = undefined;
    this.r38 = undefined;
    this.r39 = undefined;
  } as unknown as PlainObjectConstructor;
  create.prototype = Object.prototype;
  return create;
}
