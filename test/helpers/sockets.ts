import { readFileSync, readdirSync, readlinkSync } from "node:fs";

// What this test process holds open, read from /proc (Linux): used to check that a closed client
// left no connection behind.

/** The inodes of every socket this process has open. */
function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed while listing
    }
  }
  return inodes;
}

/** The inode column of each row of a /proc/net table, with the row's fields. */
function rows(table: string): string[][] {
  try {
    return readFileSync(`/proc/net/${table}`, "utf8").trim().split("\n").slice(1).map((line) => line.trim().split(/\s+/));
  } catch {
    return [];
  }
}

/** How many TCP connections this process has open to `port` on any address. */
export function connectionsToPort(port: number): number {
  const own = ownSocketInodes();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return [...rows("tcp"), ...rows("tcp6")].filter((row) => row[2]?.endsWith(`:${hexPort}`) && own.has(row[9] ?? "")).length;
}

/** How many unix sockets this process has open. */
export function unixSocketCount(): number {
  const own = ownSocketInodes();
  return rows("unix").filter((row) => own.has(row[6] ?? "")).length;
}
