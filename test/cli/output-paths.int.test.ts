// Output paths a command must refuse rather than wait on, and the commands that write a file from
// what a server answered. A path under /proc (where Node's recursive mkdir never returns) and a
// FIFO nothing reads (opening it waits for a reader) would block a call, and jest cannot time out a
// blocked call: the CLI runs from the sources (tsx, with the entry points of test/tsconfig.json) in
// a child process, which spawnSync ends by its PID when the timeout passes.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createEmulator, type Emulator } from "aigw-emulator";
import { runCli } from "../../cli/program";
import { capturedContext } from "../helpers/cli";

const ROOT = path.join(__dirname, "..", "..");
const MAIN = path.join(ROOT, "cli", "main.ts");

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-output-int-"));
  fs.writeFileSync(path.join(dir, "gateway.yaml"), "version: 1\n");
  fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\n");
  fs.mkdirSync(path.join(dir, "out"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `aigw lint` of the scratch files, its report in json to `output`, in a child process. */
function lintProcess(output: string): {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
} {
  const argv = ["lint", path.join(dir, "gateway.yaml"), "--policy", path.join(dir, "policy.yaml")];
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", MAIN, ...argv, "--format", "json", "--output", output],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 20_000,
      env: {
        ...process.env,
        AIGW_TODAY: "2026-06-01",
        TSX_TSCONFIG_PATH: path.join(ROOT, "test", "tsconfig.json"),
      },
    },
  );
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

describe("aigw lint --output, where a write would block", () => {
  (fs.existsSync("/proc/self") ? it : it.skip)(
    "exits 2 for a directory under /proc, which takes no new directories",
    () => {
      const run = lintProcess("/proc/x/y");
      expect(run.signal).toBeNull();
      expect(run.stderr).toBe(
        "aigw lint: --output /proc/x/y: cannot create the directory /proc/x: its file system takes no new directories, as /proc and /sys do not (ENOENT); give a path on a writable file system\n",
      );
      expect(run.status).toBe(2);
    },
  );

  it("exits 2 for a FIFO that nothing reads", () => {
    const fifo = path.join(dir, "report.json");
    spawnSync("mkfifo", [fifo]);
    const run = lintProcess(fifo);
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe(
      `aigw lint: --output ${fifo}: is a FIFO that nothing reads (ENXIO); start its reader first, or give a regular file path\n`,
    );
    expect(run.status).toBe(2);
  });

  it("writes to a FIFO that is read", () => {
    const fifo = path.join(dir, "report.json");
    spawnSync("mkfifo", [fifo]);
    // Opened for reading without waiting for a writer; the report (a few hundred bytes) fits in
    // the pipe's buffer while the child writes it.
    const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const run = lintProcess(fifo);
      expect(run.signal).toBeNull();
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const buffer = Buffer.alloc(65_536);
      const read = fs.readSync(reader, buffer);
      expect(JSON.parse(buffer.subarray(0, read).toString("utf8"))).toEqual(
        expect.objectContaining({ version: 1, diagnostics: [] }),
      );
    } finally {
      fs.closeSync(reader);
    }
  });

  it("exits 2 for a socket, which cannot be opened as a file", async () => {
    const socket = path.join(dir, "report.sock");
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const ctx = capturedContext({ AIGW_TODAY: "2026-06-01" }, dir);
      const argv = ["lint", "gateway.yaml", "--policy", "policy.yaml", "--format", "json"];
      const code = await runCli([...argv, "--output", "report.sock"], ctx);
      expect(ctx.err()).toBe(
        "aigw lint: --output report.sock: is a socket, which cannot be opened as a file; give a regular file path\n",
      );
      expect(code).toBe(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("aigw lint --output /dev/stdout", () => {
  it("writes into the file the shell redirected stdout to, not a new file in its place", () => {
    const file = path.join(dir, "report.json");
    fs.writeFileSync(file, "");
    const inode = fs.statSync(file).ino;
    const fd = fs.openSync(file, "w");
    try {
      const argv = [
        "lint",
        path.join(dir, "gateway.yaml"),
        "--policy",
        path.join(dir, "policy.yaml"),
      ];
      const run = spawnSync(
        process.execPath,
        ["--import", "tsx", MAIN, ...argv, "--format", "json", "--output", "/dev/stdout"],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: 20_000,
          stdio: ["ignore", fd, "pipe"],
          env: {
            ...process.env,
            AIGW_TODAY: "2026-06-01",
            TSX_TSCONFIG_PATH: path.join(ROOT, "test", "tsconfig.json"),
          },
        },
      );
      expect(run.signal).toBeNull();
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
    } finally {
      fs.closeSync(fd);
    }
    // The same file (a rename would have put a new one at the path), holding the report.
    expect(fs.statSync(file).ino).toBe(inode);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual(
      expect.objectContaining({ version: 1, diagnostics: [] }),
    );
  });
});

describe("aigw catalog pull --output", () => {
  /**
   * Runs `work` with a gateway on 127.0.0.1 that lists one model at GET /v1/models, and a count
   * of the requests it has served.
   */
  async function withGateway(
    work: (url: string, served: () => number) => Promise<void>,
  ): Promise<void> {
    let served = 0;
    const server = createServer((_req, res) => {
      served += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "openai:gpt-7" }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      await work(`http://127.0.0.1:${port}`, () => served);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  it.each([
    {
      what: "a directory",
      more: ["--output", "out"],
      message:
        "aigw catalog: --output out: is a directory; give a file path such as out/aigw-catalog.json\n",
    },
    {
      what: "a default path that is a directory",
      more: [],
      message:
        "aigw catalog: aigw-catalog.json (the default --output): is a directory; give a file path such as aigw-catalog.json/aigw-catalog.json\n",
    },
  ])("exits 2 for $what, naming the option and the path", async ({ more, message }) => {
    if (more.length === 0) fs.mkdirSync(path.join(dir, "aigw-catalog.json"));
    await withGateway(async (url, served) => {
      const ctx = capturedContext({ AIGW_TODAY: "2026-06-01" }, dir);
      const argv = ["catalog", "pull", "--access-key", "ng-x-g1-y", "--gateway-url", url, ...more];
      const code = await runCli(argv, ctx);
      expect(ctx.err()).toBe(message);
      expect(code).toBe(2);
      // The path is checked before the gateway is asked.
      expect(served()).toBe(0);
    });
  });
});

describe("aigw export --output", () => {
  let emulator: Emulator;
  /** The API requests the emulator has served. */
  const requests: string[] = [];
  beforeAll(async () => {
    emulator = await createEmulator({
      db: ":memory:",
      logger: (line) => {
        if (/^(GET|POST|PATCH|PUT|DELETE) /.test(line)) requests.push(line);
      },
    });
  });
  beforeEach(() => {
    requests.length = 0;
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("exits 1 for a directory, naming the option and the path", async () => {
    const ctx = capturedContext({ NGROK_AI_API_KEY: emulator.apiKey }, dir);
    const code = await runCli(["export", "--api-url", emulator.url, "--output", "out"], ctx);
    expect(ctx.err()).toBe(
      "aigw export: --output out: is a directory; give a file path such as out/gateway.yaml\n",
    );
    expect(code).toBe(1);
    expect(ctx.out()).toBe("");
    // The path is checked before the account is read: not one request.
    expect(requests).toEqual([]);
  });

  it("exits 1 for a path under a regular file", async () => {
    fs.writeFileSync(path.join(dir, "notes.txt"), "not a directory\n");
    const ctx = capturedContext({ NGROK_AI_API_KEY: emulator.apiKey }, dir);
    const argv = ["export", "--api-url", emulator.url, "--output", "notes.txt/gateway.yaml"];
    const code = await runCli(argv, ctx);
    expect(ctx.err()).toBe(
      "aigw export: --output notes.txt/gateway.yaml: notes.txt is a file, not a directory (ENOTDIR); move it, or give a path that does not go through it\n",
    );
    expect(code).toBe(1);
    expect(requests).toEqual([]);
  });

  it("creates nothing when the account cannot be read", async () => {
    const ctx = capturedContext({ NGROK_AI_API_KEY: "not-the-emulator-key" }, dir);
    const argv = ["export", "--api-url", emulator.url, "--output", "exports/team/gateway.yaml"];
    const code = await runCli(argv, ctx);
    expect(ctx.err()).toMatch(/rejected the API key/);
    expect(code).toBe(1);
    expect(fs.existsSync(path.join(dir, "exports"))).toBe(false);
  });

  it("writes the file, creating its directories, once the account is read", async () => {
    const ctx = capturedContext({ NGROK_AI_API_KEY: emulator.apiKey }, dir);
    const argv = ["export", "--api-url", emulator.url, "--output", "exports/team/gateway.yaml"];
    expect(await runCli(argv, ctx)).toBe(0);
    expect(fs.readFileSync(path.join(dir, "exports/team/gateway.yaml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=/,
    );
  });
});
