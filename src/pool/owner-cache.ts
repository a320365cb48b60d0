/**
 * Which member holds which thread, for the threads the pool has seen: the most recently used
 * `capacity` of them (a long-running service sees threads without end). A thread it has forgotten
 * is found again with `locate()` or by asking the members.
 */
export class OwnerCache {
  readonly #owners = new Map<string, string>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The member that holds `threadId`, if known; marks it recently used. */
  get(threadId: string): string | undefined {
    const member = this.#owners.get(threadId);
    if (member !== undefined) {
      this.#owners.delete(threadId);
      this.#owners.set(threadId, member);
    }
    return member;
  }

  /** Records that `member` holds `threadId`, forgetting the least recently used thread when full. */
  set(threadId: string, member: string): void {
    this.#owners.delete(threadId);
    this.#owners.set(threadId, member);
    if (this.#owners.size > this.#capacity) this.#owners.delete(this.#owners.keys().next().value!);
  }

  /** Forgets `threadId`. */
  delete(threadId: string): void {
    this.#owners.delete(threadId);
  }

  /** How many threads it knows. */
  get size(): number {
    return this.#owners.size;
  }
}
