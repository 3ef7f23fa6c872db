// Processes a test starts and must end: the process tree under a pid (a killed `pulumi` leaves its
// language host and plugin processes running, reparented), and whether a pid has ended.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PulumiResult, type PulumiSandbox, pulumiBinDir } from "./engine";

/** A process found below another: its pid and command line. */
export interface ProcessEntry {
  readonly pid: number;
  readonly command: string;
}

/** Every process below `pid` (children, their children, …), from one `ps` listing. */
export function descendants(pid: number): ProcessEntry[] {
  const listing = spawnSync("ps", ["-A", "-o", "pid=,ppid=,args="], { encoding: "utf8" });
  if (listing.status !== 0) throw new Error(`ps failed: ${listing.stderr}`);
  const children = new Map<number, ProcessEntry[]>();
  for (const line of listing.stdout.split("\n")) {
    const match = /^\s*(\d+)\s+(\d+)\s?(.*)$/.exec(line);
    if (match === null) continue;
    const parent = Number(match[2]);
    const entry = { pid: Number(match[1]), command: match[3] ?? "" };
    children.set(parent, [...(children.get(parent) ?? []), entry]);
  }
  const found: ProcessEntry[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * True when `pid` no longer runs: it is gone, or a zombie (ended, waiting for a parent that is
 * not this test to collect its exit status).
 */
export function hasEnded(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false; // no /proc (not Linux): a process that answers signal 0 runs
  }
}

/** Waits until every pid has ended; false when some still run after `timeoutMs`. */
export async function waitEnded(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (pids.every(hasEnded)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids.every(hasEnded);
}

/** A pulumi command started in the background: its process and its result once it exits. */
export interface RunningPulumi {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly done: Promise<PulumiResult>;
}

/** Starts `pulumi <args>` in `cwd` with the sandbox environment, without waiting for it. */
export function startPulumi(
  sandbox: PulumiSandbox,
  cwd: string,
  args: readonly string[],
): RunningPulumi {
  const child = spawn(join(pulumiBinDir(), "pulumi"), [...args, "--non-interactive"], {
    cwd,
    env: sandbox.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("pulumi could not be started");
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<PulumiResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { child, pid: child.pid, done };
}
