import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AIGW_ERROR_CODES } from "../sdk/core/errors";

const ROOT = join(__dirname, "..");

/** Environment variables named like codes; they are settings, not errors. */
const ENVIRONMENT_VARIABLES = new Set([
  "AIGW_TODAY",
  "AIGW_EMULATOR_API_KEY",
  "AIGW_EMULATOR_MASTER_KEY",
  // Where the policy pack finds policy.yaml and a catalog overlay when its config names none.
  "AIGW_POLICY_FILE",
  "AIGW_CATALOG_FILE",
]);

/** The codes in the first column of README.md's "Errors" table (a cell may hold several). */
function readmeCodes(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Errors\n"));
  if (section === undefined) throw new Error('README.md has no "## Errors" section');
  const rows = section.split("\n").filter((line) => line.startsWith("| `"));
  return rows
    .flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`(AIGW_[A-Z0-9_]+)`/g)])
    .map((m) => m[1] ?? "");
}

/** Every quoted `"AIGW_…"` literal in the TypeScript sources of `dir`. */
function sourceLiterals(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") continue;
    if (statSync(path).isDirectory()) out.push(...sourceLiterals(path));
    else if (name.endsWith(".ts")) {
      for (const m of readFileSync(path, "utf8").matchAll(/"(AIGW_[A-Z0-9_]+)"/g)) {
        out.push(m[1] ?? "");
      }
    }
  }
  return out;
}

describe("AIGW_ERROR_CODES", () => {
  it("lists each code once", () => {
    expect(new Set(AIGW_ERROR_CODES).size).toBe(AIGW_ERROR_CODES.length);
  });

  it("equals the codes of README.md's errors table, each in one row", () => {
    const codes = readmeCodes();
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...AIGW_ERROR_CODES].sort());
  });

  it("holds every code the sdk, the cli and the emulator name", () => {
    const named = new Set(
      ["sdk", "cli", "emulator"]
        .flatMap((dir) => sourceLiterals(join(ROOT, dir)))
        .filter((code) => !ENVIRONMENT_VARIABLES.has(code)),
    );
    expect(
      [...named].filter((code) => !(AIGW_ERROR_CODES as readonly string[]).includes(code)),
    ).toEqual([]);
  });
});
