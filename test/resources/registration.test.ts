// Registering our resources through the Pulumi SDK (with its mocks): the SDK formats no stack
// trace per promise while one of ours is constructed, yet the engine still gets the resource's own
// stack trace, `PULUMI_DEBUG_PROMISE_LEAKS` keeps every trace, and errors keep a useful stack.
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { AccessKey, AccessKeyConfiguration, GatewayConfig, ProviderKey } from "../../sdk/resources";
import { useProgramMocks } from "./mocks";

beforeAll(() => useProgramMocks());

/** The parts of a RegisterResourceRequest read here. */
interface RegisterRequest {
  getStacktrace(): { getFramesList(): { getPc(): { getUri(): string } | undefined }[] } | undefined;
}

type RegisterResource = (this: MockMonitor, req: unknown, callback: unknown) => Promise<void>;
// eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, with its own `this`
const register = MockMonitor.prototype.registerResource as RegisterResource;
afterEach(() => {
  MockMonitor.prototype.registerResource = register;
});

/** What `make` registers, one entry per resource. */
interface Construction {
  /** Stack traces formatted with at least one frame while `make` ran. */
  tracesWithFrames: number;
  /** Each registration's stack trace, as the source positions of its frames. */
  registered: Promise<string[][]>;
}

/** Runs `make` with every formatted stack trace counted and every registration captured. */
function construct(make: () => void, count: number): Construction {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- V8 calls it unbound too
  const original = Error.prepareStackTrace;
  let tracesWithFrames = 0;
  Error.prepareStackTrace = (err: Error, sites: NodeJS.CallSite[]): unknown => {
    if (sites.length > 0) tracesWithFrames += 1;
    if (original !== undefined) return original(err, sites) as unknown;
    const at = (site: NodeJS.CallSite): string =>
      `\n    at ${site.getFunctionName() ?? "<anonymous>"} (${site.getFileName() ?? "<unknown>"}:` +
      `${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0})`;
    return `${String(err)}${sites.map(at).join("")}`;
  };
  const traces: string[][] = [];
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  MockMonitor.prototype.registerResource = function (this: MockMonitor, req: unknown, callback) {
    const frames = (req as RegisterRequest).getStacktrace()?.getFramesList() ?? [];
    traces.push(frames.map((f) => f.getPc()?.getUri() ?? ""));
    if (traces.length === count) done();
    return register.call(this, req, callback);
  };
  try {
    make();
  } finally {
    Error.prepareStackTrace = original;
  }
  return { tracesWithFrames, registered: all.then(() => traces) };
}

/** One of each kind, the configuration routing to the key and the access key linked to it. */
function oneOfEach(): void {
  const key = new ProviderKey("key", { providerId: "openai", value: "sk-test-0123456789abcdef" });
  const config = new AccessKeyConfiguration("config", {
    access: { models: { allow: ["openai:gpt-4o-mini"] } },
    router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key.id }] }] }] },
  });
  new AccessKey("access", { accessKeyConfigurationId: config.id });
  new GatewayConfig("gateway", { totalTimeout: "2m" });
}

describe("registering a resource", () => {
  const leaks = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  afterEach(() => {
    if (leaks === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = leaks;
  });

  it("formats one stack trace per resource, the one the engine records", async () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    const limit = Error.stackTraceLimit;
    const run = construct(oneOfEach, 4);
    expect(run.tracesWithFrames).toBe(4);
    expect(Error.stackTraceLimit).toBe(limit);
    const traces = await run.registered;
    expect(traces).toHaveLength(4);
    for (const frames of traces) {
      // The trace goes down to the line of this file that constructed the resource.
      expect(frames.some((uri) => uri.endsWith("/registration.test.ts"))).toBe(true);
    }
  });

  it("keeps every promise's stack trace when PULUMI_DEBUG_PROMISE_LEAKS is set", async () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    const run = construct(oneOfEach, 4);
    // The SDK's four promises per property, for the dozens of properties of the four resources.
    expect(run.tracesWithFrames).toBeGreaterThan(100);
    expect(await run.registered).toHaveLength(4);
  });

  it("gives an error thrown while registering the stack of the program that constructed it", () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    const limit = Error.stackTraceLimit;
    let thrown: unknown;
    try {
      // The SDK throws at once for a resource without a name.
      new ProviderKey("", { providerId: "openai", value: "sk-test-0123456789abcdef" });
    } catch (err) {
      thrown = err;
    }
    expect(Error.stackTraceLimit).toBe(limit);
    expect(thrown).toBeInstanceOf(Error);
    const stack = (thrown as Error).stack ?? "";
    expect(stack).toMatch(/Missing resource name/);
    expect(stack).toMatch(/registration\.test\.ts:\d+/);
  });
});
