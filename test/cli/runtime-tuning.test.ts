import { SHORT_RUN_V8_FLAG, tuneRuntimeFor } from "../../cli/runtime-tuning";

describe("tuneRuntimeFor", () => {
  const tune = (argv: string[]): string[] => {
    const set: string[] = [];
    tuneRuntimeFor(argv, (flags) => set.push(flags));
    return set;
  };

  it("keeps a command that ends after a few requests on V8's baseline WebAssembly compiler", () => {
    for (const argv of [["drift", "--stack", "dev"], ["recover"], ["export"], ["lint", "x.yaml"]]) {
      expect(tune(argv)).toEqual([SHORT_RUN_V8_FLAG]);
    }
  });

  it("does so for help, a typo or no command too, all of which end at once", () => {
    for (const argv of [[], ["--help"], ["drfit"]]) expect(tune(argv)).toEqual([SHORT_RUN_V8_FLAG]);
  });

  it("leaves V8's defaults to the emulator, a server whose hot code should be optimized", () => {
    expect(tune(["emulator", "--port", "0"])).toEqual([]);
    expect(tuneRuntimeFor(["emulator"], () => undefined)).toBe(false);
  });
});
