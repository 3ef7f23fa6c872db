// Benchmark: loading a large gateway.yaml (parse + schema validation + reference resolution)
// against yaml.parseDocument alone with the same options, measured in the same run. Each phase
// runs in its own child process so its peak RSS is its own. The last line printed is one JSON
// object with the figures; `ratio` is our warm load time over the parse's.
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

/** Runs one phase in this (child) process and prints its result as JSON. */
function runPhase(phase: Phase, file: string): void {
  const text = fs.readFileSync(file, "utf8");
  // Load the modules first, so the base RSS counts them and the timings do not.
  const yaml = require("yaml") as typeof YamlModule;
  const gitops = require("../sdk/gitops/load") as typeof LoadModule;
  harness.reportPhase(phase, () =>
    phase === "parse"
      ? harness.parseWithLineCounter(yaml, text)
      : gitops.parseGateway(text, file).diagnostics.length,
  );
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
    const [phase, file = ""] = phaseArgs;
    runPhase(phase as Phase, file);
    return;
  }
  harness.withTempDir("aigw-bench-load-", (dir) => {
    const file = path.join(dir, "gateway.yaml");
    const text = generateGateway();
    fs.writeFileSync(file, text);
    const parse = harness.spawnPhase<harness.PhaseResult<Phase>>(__filename, ["parse", file]);
    const load = harness.spawnPhase<harness.PhaseResult<Phase>>(__filename, ["load", file]);
    if (load.count !== 0 || parse.count !== 0) {
      throw new Error(`the generated file has ${load.count} diagnostics; the benchmark is invalid`);
    }
    const lines = text.split("\n").length;
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
      },
    );
  });
}

main();
