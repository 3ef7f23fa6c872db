// An --output file that exists is replaced whole or not at all: a write that fails halfway (a full
// disk) leaves the file as it was and no temporary file beside it; a symbolic link stays a link,
// and the file keeps its permission bits. (Through `aigw lint --output`; `aigw export` and
// `aigw catalog pull` write with the same function.)
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../cli/program";
import { capturedContext } from "../helpers/cli";

// The module object itself (not an import's copy of it), so that a spy replaces what the CLI calls.
const nodeFs = require("node:fs") as typeof fs;
const realWriteFileSync = nodeFs.writeFileSync.bind(nodeFs);
const realOpenSync = nodeFs.openSync.bind(nodeFs);

const OLD = '{"the": "report of the last run"}\n';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-replace-"));
  fs.writeFileSync(path.join(dir, "gateway.yaml"), "version: 1\n");
  fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\n");
  fs.mkdirSync(path.join(dir, "reports"));
  fs.writeFileSync(path.join(dir, "reports", "lint.json"), OLD);
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function lint(output: string): Promise<{ code: number; err: string }> {
  const ctx = capturedContext({ AIGW_TODAY: "2026-06-01" }, dir);
  const argv = ["lint", "gateway.yaml", "--policy", "policy.yaml", "--format", "json"];
  const code = await runCli([...argv, "--output", output], ctx);
  return { code, err: ctx.err() };
}

const report = (file: string): unknown => JSON.parse(fs.readFileSync(file, "utf8"));

describe("an --output file that exists", () => {
  it("is left as it was when the disk fills halfway through the write", async () => {
    jest.spyOn(nodeFs, "writeFileSync").mockImplementation((file, data) => {
      // Half the text reaches the disk, then the device is full.
      const text = typeof data === "string" ? data : "";
      realWriteFileSync(file, text.slice(0, Math.floor(text.length / 2)));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    });
    const run = await lint("reports/lint.json");
    expect(run.err).toBe(
      "aigw lint: --output reports/lint.json: no space left on the device (ENOSPC); free some space, or give a path on another file system\n",
    );
    expect(run.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, "reports", "lint.json"), "utf8")).toBe(OLD);
    expect(fs.readdirSync(path.join(dir, "reports"))).toEqual(["lint.json"]);
  });

  it("is replaced whole, with nothing left beside it", async () => {
    expect((await lint("reports/lint.json")).code).toBe(0);
    expect(report(path.join(dir, "reports", "lint.json"))).toEqual(
      expect.objectContaining({ version: 1, diagnostics: [] }),
    );
    expect(fs.readdirSync(path.join(dir, "reports"))).toEqual(["lint.json"]);
  });

  it("keeps its permission bits, and a symbolic link to it stays a link", async () => {
    fs.chmodSync(path.join(dir, "reports", "lint.json"), 0o640);
    fs.symlinkSync(path.join("reports", "lint.json"), path.join(dir, "latest.json"));
    expect((await lint("latest.json")).code).toBe(0);
    expect(fs.lstatSync(path.join(dir, "latest.json")).isSymbolicLink()).toBe(true);
    const target = path.join(dir, "reports", "lint.json");
    expect(report(target)).toEqual(expect.objectContaining({ version: 1 }));
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(path.join(dir, "reports"))).toEqual(["lint.json"]);
  });

  it("through a symbolic link to nothing yet: creates the link's target, keeping the link", async () => {
    fs.symlinkSync(path.join("reports", "next.json"), path.join(dir, "next.json"));
    expect((await lint("next.json")).code).toBe(0);
    expect(fs.lstatSync(path.join(dir, "next.json")).isSymbolicLink()).toBe(true);
    expect(report(path.join(dir, "reports", "next.json"))).toEqual(
      expect.objectContaining({ version: 1 }),
    );
  });

  it("is written in place where its directory takes no new file", async () => {
    jest.spyOn(nodeFs, "openSync").mockImplementation((file, flags, mode) => {
      if (String(file).endsWith(".tmp")) {
        throw Object.assign(new Error("EACCES: permission denied, open"), { code: "EACCES" });
      }
      return realOpenSync(file, flags, mode);
    });
    expect((await lint("reports/lint.json")).code).toBe(0);
    expect(report(path.join(dir, "reports", "lint.json"))).toEqual(
      expect.objectContaining({ version: 1 }),
    );
  });
});
