// Benchmark: loading a large gateway.yaml (parse + schema validation + reference resolution)
// against yaml.parseDocument alone with the same options, measured in the same run. Each phase
// runs in its own child process so its peak RSS is its own. The last line printed is one JSON
// object with the figures; `ratio` is our warm load time over the parse's.
//
// Run from compiled JS (inside the repository, so `yaml` and `pulumi-ngrok-ai` resolve):
//   npx tsc -p bench/tsconfig.json --noEmit false --outDir node_modules/.cache/aigw-bench
//   node node_modules/.cache/aigw-bench/bench/load.js
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type * as YamlModule from "yaml";
import type * as LoadModule from "../sdk/gitops/load";

const PROVIDER_KEYS = 2000;
const CONFIGURATIONS = 2000;
const ACCESS_KEYS = 5000;
const WARM_RUNS = 3;

type Phase = "parse" | "load";

interface PhaseResult {
  readonly phase: Phase;
  /** The first run in a fresh process (includes compiling the schema for `load`). */
  readonly coldMs: number;
  /** The median of the warm runs. */
  readonly warmMs: number;
  /** Resident set size after loading modules, before the first run (MiB). */
  readonly baseRssMiB: number;
  /** Peak resident set size of the process (MiB). */
  readonly peakRssMiB: number;
  readonly diagnostics: number;
}

/** A gateway.yaml with the benchmark's object counts; every reference resolves. */
function generateGateway(): string {
  const lines: string[] = [
    "version: 1",
    "gatewayConfig: { perRequestTimeout: 30s, totalTimeout: 2m }",
  ];
  lines.push("providers:");
  lines.push("  local-llm:", "    providerId: local-llm", "    baseUrl: https://llm.internal");
  lines.push("    models: [llama-3.1-8b, qwen-2.5]");
  lines.push("providerKeys:");
  for (let i = 0; i < PROVIDER_KEYS; i++) {
    const provider = i % 2 === 0 ? "openai" : "anthropic";
    lines.push(`  key-${i}:`);
    lines.push(`    providerId: ${provider}`);
    lines.push(`    description: ${provider} key number ${i}`);
    lines.push(i % 3 === 0 ? `    value: { env: KEY_${i} }` : `    value: { secret: key${i} }`);
  }
  lines.push("accessKeyConfigurations:");
  for (let i = 0; i < CONFIGURATIONS; i++) {
    const even = (2 * i) % PROVIDER_KEYS;
    const odd = (2 * i + 1) % PROVIDER_KEYS;
    lines.push(`  team-${i}:`);
    lines.push(`    description: Team ${i}`);
    lines.push("    access:");
    lines.push("      providers: { allow: [openai, anthropic] }");
    lines.push(`      models: { allow: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"] }`);
    lines.push("    router:");
    lines.push("      rules:");
    lines.push("        - provider: openai");
    lines.push("          steps:");
    lines.push(
      `            - { type: user, keys: [key-${even}, key-${(even + 2) % PROVIDER_KEYS}] }`,
    );
    lines.push("            - { type: ngrok }");
    lines.push("        - provider: anthropic");
    lines.push(`          steps: [{ type: user, keys: [key-${odd}] }]`);
  }
  lines.push("accessKeys:");
  for (let i = 0; i < ACCESS_KEYS; i++) {
    lines.push(`  client-${i}:`);
    lines.push(`    description: Client ${i}`);
    lines.push(`    configuration: team-${i % CONFIGURATIONS}`);
  }
  return `${lines.join("\n")}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const MiB = 1024 * 1024;

/** Runs one phase in this (child) process and prints its result as JSON. */
function runPhase(phase: Phase, file: string): void {
  const text = fs.readFileSync(file, "utf8");
  // Load the modules first, so the base RSS counts them and the timings do not.
  const yaml = require("yaml") as typeof YamlModule;
  const gitops = require("../sdk/gitops/load") as typeof LoadModule;
  const baseRss = process.memoryUsage().rss;
  let diagnostics = 0;
  const once = (): number => {
    const start = performance.now();
    if (phase === "parse") {
      const lineCounter = new yaml.LineCounter();
      const document = yaml.parseDocument(text, { lineCounter, merge: true, uniqueKeys: true });
      diagnostics = document.errors.length;
    } else {
      diagnostics = gitops.parseGateway(text, file).diagnostics.length;
    }
    return performance.now() - start;
  };
  const coldMs = once();
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(once());
  const result: PhaseResult = {
    phase,
    coldMs,
    warmMs: median(warm),
    baseRssMiB: baseRss / MiB,
    // resourceUsage().maxRSS is in KiB.
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    diagnostics,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function spawnPhase(phase: Phase, file: string): PhaseResult {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, __filename, "--phase", phase, file],
    {
      encoding: "utf8",
      maxBuffer: 16 * MiB,
    },
  );
  const last = out.trim().split("\n").pop() ?? "{}";
  return JSON.parse(last) as PhaseResult;
}

const round = (n: number): number => Math.round(n * 10) / 10;

function main(): void {
  const generateIndex = process.argv.indexOf("--generate");
  if (generateIndex >= 0) {
    // Writes the generated file, for profiling outside the benchmark.
    fs.writeFileSync(process.argv[generateIndex + 1] ?? "gateway.yaml", generateGateway());
    return;
  }
  const phaseIndex = process.argv.indexOf("--phase");
  if (phaseIndex >= 0) {
    runPhase(process.argv[phaseIndex + 1] as Phase, process.argv[phaseIndex + 2] ?? "");
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-bench-load-"));
  const file = path.join(dir, "gateway.yaml");
  const text = generateGateway();
  fs.writeFileSync(file, text);
  try {
    const parse = spawnPhase("parse", file);
    const load = spawnPhase("load", file);
    if (load.diagnostics !== 0 || parse.diagnostics !== 0) {
      throw new Error(
        `the generated file has ${load.diagnostics} diagnostics; the benchmark is invalid`,
      );
    }
    const lines = text.split("\n").length;
    console.log(
      `gateway.yaml: ${PROVIDER_KEYS} provider keys, ${CONFIGURATIONS} configurations, ${ACCESS_KEYS} access keys (${lines} lines, ${round(text.length / 1024)} KiB)`,
    );
    for (const r of [parse, load]) {
      const label = r.phase === "parse" ? "yaml.parseDocument     " : "load+validate+resolve  ";
      console.log(
        `${label} cold ${round(r.coldMs)} ms  warm ${round(r.warmMs)} ms  peak RSS ${round(r.peakRssMiB)} MiB (base ${round(r.baseRssMiB)} MiB)`,
      );
    }
    const figures = {
      benchmark: "load",
      providerKeys: PROVIDER_KEYS,
      configurations: CONFIGURATIONS,
      accessKeys: ACCESS_KEYS,
      lines,
      parseWarmMs: round(parse.warmMs),
      parseColdMs: round(parse.coldMs),
      parsePeakRssMiB: round(parse.peakRssMiB),
      loadWarmMs: round(load.warmMs),
      loadColdMs: round(load.coldMs),
      loadPeakRssMiB: round(load.peakRssMiB),
      coldRatio: round(load.coldMs / parse.coldMs),
      memoryRatio: round(
        (load.peakRssMiB - load.baseRssMiB) / Math.max(1, parse.peakRssMiB - parse.baseRssMiB),
      ),
      ratio: round(load.warmMs / parse.warmMs),
    };
    console.log(JSON.stringify(figures));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
