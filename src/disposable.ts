/**
 * The explicit resource management declarations the SDK's public types use (`Symbol.dispose`,
 * `Symbol.asyncDispose`, `Disposable`, `AsyncDisposable`), declared here so the declarations compile
 * without `lib: ["esnext.disposable"]` (or ES2026+) and without `@types/node`. They are the same
 * shapes TypeScript's lib declares, so they merge with it where it is present.
 */
declare global {
  interface SymbolConstructor {
    /** The method `using` calls when a variable leaves scope. */
    readonly dispose: unique symbol;
    /** The method `await using` calls when a variable leaves scope. */
    readonly asyncDispose: unique symbol;
  }

  /** An object `using` can dispose of. */
  interface Disposable {
    [Symbol.dispose](): void;
  }

  /** An object `await using` can dispose of. */
  interface AsyncDisposable {
    [Symbol.asyncDispose](): PromiseLike<void>;
  }
}

export {};
