/**
 * Where a member of a `CodexPool` stands:
 * - `idle`: not started yet (a lazy pool before its first call);
 * - `starting`: its first start is in progress;
 * - `up`: started and connected; new threads may be placed on it;
 * - `reconnecting`: its connection dropped and its client is reconnecting (members with
 *   `reconnect`); its running turns wait, new threads go elsewhere;
 * - `down`: it failed to start or was lost; the pool restarts it with backoff;
 * - `draining`: it left the member list (service discovery); it takes no new threads and closes
 *   once its running turns have ended;
 * - `closed`: closed with the pool, or after draining.
 */
export type PoolMemberState = "idle" | "starting" | "up" | "reconnecting" | "down" | "draining" | "closed";
