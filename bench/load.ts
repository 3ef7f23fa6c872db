// Benchmark: loading a large gateway.yaml (parse + schema validation + reference resolution)
// against yaml.parseDocument alone, measured in the same run; then a size series (4,000 / 16,000 /
// 32,000 configurations of 10 allow entries and as many access keys) printing the load's time per
// object at each size beside the parse's; then two alias-heavy files, whose memory must stay
// within twice the parse's: one router of 2,000 rules shared by 2,000 configurations (refused at
// the alias that crosses the cap, before anything expands it) and the same router shared by 4
// (accepted: the aliases add four times what the file writes). Each phase runs in its own child
// process so its peak RSS is its own. The last line printed is one JSON object with the figures;
// `ratio` is our warm load time over the parse's, `perObjectGrowth` the load's time per object at
// 32,000 over that at 4,000 (goal: at most 1.5), `ratioAtLargest` its ratio to the parse at 32,000
// (goal: below 1), and `aliasMemoryRatios` the memory ratios of the alias-heavy files (goal: at
// most 2).
//
// Run from compiled JS (inside the repository, so `yaml` and `pulumi-ngrok-ai` resolve):
//   npx tsc -p bench/tsconfig.json --noEmit false --outDir node_modules/.cache/aigw-bench
//   node node_modules/.cache/aigw-bench/bench/load.js
import * as fs from "node:fs";
import * as path from "node:path";
import type * as YamlModule from "yaml";
import * as harness from "./harness";
import type * as LoadModule from "../sdk/gitops/load";

const PROVIDER_KEYS = 2000;
const CONFIGURATIONS = 2000;
const ACCESS_KEYS = 5000;

/** The baseline, and the loader (its `coldMs` includes compiling the schema). */
type Phase = "parse" | "load";

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

/**
 * One router of `rules` model rules under an anchor, shared through an alias by `configurations`
 * more configurations: written size grows with the sum, the expanded size with the product.
 */
function sharedRouterGateway(rules: number, configurations: number): string {
  const lines = [
    "version: 1",
    "providerKeys:",
    "  k: { providerId: openai, value: { secret: k } }",
  ];
  lines.push("accessKeyConfigurations:", "  base:", "    router: &shared", "      rules:");
  for (let i = 0; i < rules; i++) {
    lines.push(`        - { model: "openai:m-${i}", steps: [{ type: user, keys: [k] }] }`);
  }
  for (let i = 0; i < configurations; i++) lines.push(`  team-${i}: { router: *shared }`);
  return `${lines.join("\n")}\n`;
}

/** The alias-heavy files: name, text and how many diagnostics the load must report. */
const ALIAS_FILES = [
  {
    name: "2,000 rules shared by 2,000 configurations",
    rules: 2000,
    aliases: 2000,
    diagnostics: 1,
  },
  { name: "2,000 rules shared by 4 configurations", rules: 2000, aliases: 4, diagnostics: 0 },
] as const;

/** Runs one phase in this (child) process and prints its result as JSON. */
function runPhase(phase: Phase, file: string, warmRuns: number): void {
  const text = fs.readFileSync(file, "utf8");
  // Load the modules first, so the base RSS counts them and the timings do not.
  const yaml = require("yaml") as typeof YamlModule;
  const gitops = require("../sdk/gitops/load") as typeof LoadModule;
  harness.reportPhase(
    phase,
    () =>
      phase === "parse"
        ? harness.parseWithLineCounter(yaml, text)
        : gitops.parseGateway(text, file).diagnostics.length,
    warmRuns,
  );
}

/** Runs the parse and load phases on a file (each in a fresh process). */
function measure(
  file: string,
  warmRuns: number = harness.WARM_RUNS,
): { parse: harness.PhaseResult<Phase>; load: harness.PhaseResult<Phase> } {
  return {
    parse: harness.spawnPhase<harness.PhaseResult<Phase>>(__filename, [
      "parse",
      file,
      String(warmRuns),
    ]),
    load: harness.spawnPhase<harness.PhaseResult<Phase>>(__filename, [
      "load",
      file,
      String(warmRuns),
    ]),
  };
}

/** The size series: one warm run per phase (the largest default parse takes half a minute). */
function series(dir: string): Record<string, unknown> {
  const points = harness.SERIES_SIZES.map((configurations) => {
    const file = path.join(dir, `series-${configurations}.yaml`);
    fs.writeFileSync(file, harness.seriesGateway(configurations));
    const { parse, load } = measure(file, 1);
    if (load.count !== 0) throw new Error(`the series file of ${configurations} has diagnostics`);
    fs.rmSync(file);
    return { objects: 2 * configurations, baseline: parse, measured: load };
  });
  return harness.printSeries("yaml.parseDocument", "load", points);
}

/** The memory each phase added over its base RSS, at least 1 MiB. */
function addedMiB(m: harness.PhaseMeasurement): number {
  return Math.max(1, m.peakRssMiB - m.baseRssMiB);
}

/** The alias-heavy files: time and the memory ratio of each (goal: at most 2). */
function aliasHeavy(dir: string): Record<string, unknown> {
  const memoryRatios: number[] = [];
  for (const alias of ALIAS_FILES) {
    const file = path.join(dir, `aliases-${alias.aliases}.yaml`);
    const text = sharedRouterGateway(alias.rules, alias.aliases);
    fs.writeFileSync(file, text);
    const { parse, load } = measure(file);
    if (load.count !== alias.diagnostics) {
      throw new Error(`${alias.name}: ${load.count} diagnostics, expected ${alias.diagnostics}`);
    }
    const memoryRatio = harness.round(addedMiB(load) / addedMiB(parse), 2);
    memoryRatios.push(memoryRatio);
    console.log(
      `aliases, ${alias.name} (${harness.round(text.length / 1024)} KiB, ${alias.diagnostics === 0 ? "loaded" : "refused"}): yaml.parseDocument ${harness.round(parse.warmMs)} ms, +${harness.round(addedMiB(parse))} MiB; load ${harness.round(load.warmMs)} ms, +${harness.round(addedMiB(load))} MiB; memory ratio ${memoryRatio} (goal ≤ 2)`,
    );
  }
  return { aliasMemoryRatios: memoryRatios };
}

function main(): void {
  const generateIndex = process.argv.indexOf("--generate");
  if (generateIndex >= 0) {
    // Writes the generated file, for profiling outside the benchmark.
    fs.writeFileSync(process.argv[generateIndex + 1] ?? "gateway.yaml", generateGateway());
    return;
  }
  const phaseArgs = harness.phaseArguments();
  if (phaseArgs !== undefined) {
    const [phase, file = "", warmRuns = ""] = phaseArgs;
    runPhase(phase as Phase, file, Number(warmRuns) || harness.WARM_RUNS);
    return;
  }
  harness.withTempDir("aigw-bench-load-", (dir) => {
    const file = path.join(dir, "gateway.yaml");
    const text = generateGateway();
    fs.writeFileSync(file, text);
    const { parse, load } = measure(file);
    if (load.count !== 0 || parse.count !== 0) {
      throw new Error(`the generated file has ${load.count} diagnostics; the benchmark is invalid`);
    }
    const lines = text.split("\n").length;
    const seriesFigures = series(dir);
    const aliasFigures = aliasHeavy(dir);
    harness.printComparison(
      `gateway.yaml: ${PROVIDER_KEYS} provider keys, ${CONFIGURATIONS} configurations, ${ACCESS_KEYS} access keys (${lines} lines, ${harness.round(text.length / 1024)} KiB)`,
      { label: "yaml.parseDocument     ", name: "parse", result: parse },
      { label: "load+validate+resolve  ", name: "load", result: load },
      {
        benchmark: "load",
        providerKeys: PROVIDER_KEYS,
        configurations: CONFIGURATIONS,
        accessKeys: ACCESS_KEYS,
        lines,
        ...seriesFigures,
        ...aliasFigures,
      },
    );
  });
}

main();
