// What the CLI loads before it runs a command. Every command module is loaded at start-up, so a
// heavy dependency imported at the top of one of them is paid by all: the emulator (SQLite, the
// data plane), undici and Ajv cost hundreds of milliseconds each, which `aigw drift` (where the
// start-up is half of the run, see bench/drift.ts) must spend while `pulumi stack export` runs,
// not before it starts.
import * as path from "node:path";
import type * as Client from "../../sdk/client";
import type * as Schema from "../../sdk/core/schema";
import type * as Program from "../../cli/program";
import { capturedContext } from "../helpers/cli";

/** The modules whose loading is watched, by the specifier the code requires them with. */
const HEAVY = ["aigw-emulator", "undici", "better-sqlite3", "ajv/dist/2020", "ajv-formats"];

/** The heavy modules that requiring `load()` loaded, in a fresh module registry. */
function heavyModulesLoadedBy(load: () => void): string[] {
  const loaded: string[] = [];
  jest.isolateModules(() => {
    for (const name of HEAVY) {
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual<object>(name);
      });
    }
    load();
  });
  for (const name of HEAVY) jest.dontMock(name);
  return loaded;
}

/** The files that requiring in `load()` loaded, in a fresh module registry. */
function modulesLoadedBy(load: () => void): string[] {
  const before = new Set(Object.keys(require.cache));
  let after: string[] = [];
  jest.isolateModules(() => {
    load();
    after = Object.keys(require.cache);
  });
  return after.filter((f) => !before.has(f));
}

describe("aigw start-up", () => {
  it("loads neither the emulator, nor undici, nor Ajv to build the program", () => {
    expect(heavyModulesLoadedBy(() => void require("../../cli/program"))).toEqual([]);
  });

  it("loads neither undici nor Ajv with the drift SDK, until a request or a validation needs them", () => {
    expect(heavyModulesLoadedBy(() => void require("../../sdk/drift"))).toEqual([]);
  });

  it("loads only the command it runs: `aigw drift` needs neither the YAML parser nor the policy", () => {
    const loaded = modulesLoadedBy(() => {
      const cli = require("../../cli/program") as typeof Program;
      cli.buildProgram(capturedContext({}, process.cwd()), ["drift", "--stack", "dev"]);
    });
    expect(loaded.filter((f) => f.includes("/cli/commands/")).map((f) => path.basename(f))).toEqual(
      ["drift.ts"],
    );
    expect(
      loaded.filter((f) => /node_modules\/yaml\/|\/sdk\/(policy|gitops|routing)\//.test(f)),
    ).toEqual([]);
  });

  it("registers every command when the first word names none (help, a typo, no command)", () => {
    const cli = require("../../cli/program") as typeof Program;
    for (const argv of [[], ["--help"], ["help", "drift"], ["drfit"]]) {
      const names = cli
        .buildProgram(capturedContext({}, process.cwd()), argv)
        .commands.map((c) => c.name());
      expect(names).toEqual(cli.COMMANDS.map((c) => c.name));
    }
  });

  it("loads undici once the client is about to send, and Ajv once a schema is compiled", () => {
    const loaded = heavyModulesLoadedBy(() => {
      (require("../../sdk/client") as typeof Client).loadHttpStack();
      (require("../../sdk/core/schema") as typeof Schema).getValidator("ProviderKey");
    });
    expect(loaded.sort()).toEqual(["ajv-formats", "ajv/dist/2020", "undici"]);
  });
});
