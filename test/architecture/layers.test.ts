// The import graph, read from the sources: the SDK's parts point down only, no two parts import
// each other (directly or through others), and everything outside the SDK reaches it through its
// entry points. A lower part that needs a helper of a higher one has the helper moved down.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const ROOT = resolve(__dirname, "..", "..");

/** The SDK's parts, lowest first: a part may import only parts of a lower rank. */
const SDK_RANKS: Readonly<Record<string, number>> = {
  core: 0,
  client: 1,
  catalog: 1,
  gitops: 2,
  routing: 3,
  state: 4,
  policy: 5,
  drift: 5,
  resources: 6,
  // The CrossGuard policy pack: the policy over a stack's resources.
  "policy-pack": 6,
  apply: 7,
  // Files at the package root: the Pulumi layer's entry points.
  "index.ts": 8,
  "stack.ts": 8,
};

/** The SDK's entry points (sdk/package.json `exports`), as other packages import them. */
const ENTRY_POINTS = new Set([
  "pulumi-ngrok-ai",
  "pulumi-ngrok-ai/core",
  "pulumi-ngrok-ai/client",
  "pulumi-ngrok-ai/catalog",
  "pulumi-ngrok-ai/gitops",
  "pulumi-ngrok-ai/routing",
  "pulumi-ngrok-ai/policy",
  "pulumi-ngrok-ai/drift",
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "dist" || entry === "node_modules" || entry === "fixtures") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry) ? [path] : [];
  });
}

/** Every module specifier a file imports, re-exports or requires (type-only imports included). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)|import\(\s*["']([^"']+)["']\s*\)/g,
  )) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec !== undefined) found.push(spec);
  }
  return found;
}

/** The part a file of a package belongs to: its folder below the package root, or itself. */
function partOf(packageDir: string, file: string): string {
  const rel = relative(packageDir, file);
  return rel.split(sep)[0] ?? rel;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly spec: string;
}

/** The edges between parts of one package, from relative imports that cross parts. */
function packageEdges(packageName: string): Edge[] {
  const packageDir = join(ROOT, packageName);
  const edges: Edge[] = [];
  for (const file of sources(packageDir)) {
    for (const spec of specifiers(file)) {
      if (!spec.startsWith(".")) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(packageDir + sep)) continue;
      const from = partOf(packageDir, file);
      // `./x` is the file x.ts, or the folder x (its index.ts).
      const first = relative(packageDir, target).split(sep)[0] ?? "";
      const to = existsSync(join(packageDir, `${first}.ts`)) ? `${first}.ts` : first;
      if (from !== to) edges.push({ from, to, file: relative(ROOT, file), spec });
    }
  }
  return edges;
}

/** A cycle through the parts, if there is one, as `a → b → a`. */
function findCycle(edges: readonly Edge[]): string | undefined {
  const next = new Map<string, Set<string>>();
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node].join(" → ");
    state.set(node, "open");
    path.push(node);
    for (const to of next.get(node) ?? []) {
      const cycle = visit(to);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

describe("the import graph", () => {
  it.each(["sdk", "emulator", "cli"])("has no cycle between the parts of %s", (pkg) => {
    expect(findCycle(packageEdges(pkg))).toBeUndefined();
  });

  it("has the SDK's parts point down only", () => {
    const upward = packageEdges("sdk")
      .filter((e) => {
        const from = SDK_RANKS[e.from];
        const to = SDK_RANKS[e.to];
        if (from === undefined || to === undefined) return true; // a new part: give it a rank
        return to >= from;
      })
      .map((e) => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`);
    expect(upward).toEqual([]);
  });

  it("keeps @pulumi/pulumi out of every SDK part below the Pulumi layer", () => {
    const loading = sources(join(ROOT, "sdk"))
      .filter((file) => {
        const rank = SDK_RANKS[partOf(join(ROOT, "sdk"), file)] ?? 99;
        return rank < SDK_RANKS.resources!;
      })
      .filter((file) =>
        // A type-only import is erased; anything else would load the Pulumi SDK.
        /(?:^|\n)\s*import\s+(?!type\b)[^;]*from\s+["']@pulumi\/pulumi/.test(
          readFileSync(file, "utf8"),
        ),
      )
      .map((file) => relative(ROOT, file));
    expect(loading).toEqual([]);
  });

  it.each(["emulator", "cli", "bench", "test", "scripts"])(
    "reaches the SDK from %s through its entry points only",
    (dir) => {
      const outside = sources(join(ROOT, dir))
        .filter((file) => !file.endsWith(join("e2e", "state-compat.test.ts")))
        .flatMap((file) =>
          specifiers(file)
            .filter((spec) => spec.startsWith("pulumi-ngrok-ai") && !ENTRY_POINTS.has(spec))
            .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
        );
      expect(outside).toEqual([]);
    },
  );

  it("keeps the emulator and the CLI off the package root, which loads @pulumi/pulumi", () => {
    const root = ["emulator", "cli"].flatMap((dir) =>
      sources(join(ROOT, dir)).flatMap((file) =>
        specifiers(file)
          .filter((spec) => spec === "pulumi-ngrok-ai")
          .map(() => relative(ROOT, file)),
      ),
    );
    expect(root).toEqual([]);
  });
});
