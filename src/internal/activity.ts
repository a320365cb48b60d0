/**
 * Counts the things a client waits on (requests in flight, running turns, handlers at work,
 * logins) and says when it goes from idle to busy and back, so a transport can let the process exit
 * while nothing is pending.
 */
export class Activity {
  #count = 0;
  readonly #onChange: (busy: boolean) => void;

  /** `onChange` hears every switch between idle and busy. */
  constructor(onChange: (busy: boolean) => void) {
    this.#onChange = onChange;
  }

  /** True while anything is pending. */
  get busy(): boolean {
    return this.#count > 0;
  }

  /** Marks one more thing pending; pair each call with one `end()`. */
  begin(): void {
    if (this.#count++ === 0) this.#onChange(true);
  }

  /** Marks one pending thing done. */
  end(): void {
    if (--this.#count === 0) this.#onChange(false);
  }
}

/** An activity that nobody watches. */
export const UNWATCHED = new Activity(() => {});
