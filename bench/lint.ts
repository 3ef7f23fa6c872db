// Benchmark: `aigw lint` (parse + schema validation + reference resolution + every policy rule +
// the JSON output) on a generated gateway.yaml of 5,000 configurations with 20 allow entries
// each, against a policy of 50 deny patterns, compared with yaml.parseDocument and a LineCounter
// alone on the same text, measured in the same run; then a size series (4,000 / 16,000 / 32,000
// configurations of 10 allow entries and as many access keys) printing lint's time per object at
// each size beside the parse's. Each phase runs in its own child process so its peak RSS is its
// own. The last line printed is one JSON object with the figures; `ratio` is lint's warm time
// over the parse's (goal: at most 3), `perObjectGrowth` lint's time per object at 32,000 over
// that at 4,000 (goal: at most 1.5) and `ratioAtLargest` its ratio to the parse at 32,000 (goal:
// below 1).
//
// Run from compiled JS (inside the repository, so `yaml` and `pulumi-ngrok-ai` resolve):
//   npx tsc -p bench/tsconfig.json --noEmit false --outDir node_modules/.cache/aigw-bench
//   node node_modules/.cache/aigw-bench/bench/lint.js
import * as fs from "node:fs";
import * as path from "node:path";
import type * as YamlModule from "yaml";
import * as harness from "./harness";
import type * as LoadModule from "../sdk/gitops/load";
import type * as PolicyModule from "../sdk/policy/index";

const CONFIGURATIONS = 5000;
const ALLOW_ENTRIES = 20;
const DENY_PATTERNS = 50;

/** The baseline, and lint (its `coldMs` includes compiling the schemas). */
type Phase = "parse" | "lint";

const PROVIDERS = ["openai", "anthropic", "google", "groq"] as const;

/** The policy: 50 deny patterns, exact names and globs, in several model forms. */
function generatePolicy(): string {
  const patterns: string[] = ["*:*-preview", "deepseek:*", "openai/gpt-4-32k"];
  for (let i = patterns.length; i < DENY_PATTERNS; i++) {
    const provider = PROVIDERS[i % PROVIDERS.length] ?? "openai";
    patterns.push(i % 3 === 0 ? `${provider}:legacy-${i}-*` : `${provider}:retired-model-${i}`);
  }
  return `version: 1\nmodels:\n  deny:\n${patterns.map((p) => `    - "${p}"`).join("\n")}\nproviders:\n  deny: [deepseek]\n`;
}

/** 5,000 configurations of 20 model allow entries each; one entry in 20 is disallowed. */
function generateGateway(): string {
  const lines: string[] = ["version: 1", "providerKeys:"];
  for (const provider of PROVIDERS) {
    lines.push(
      `  ${provider}-primary: { providerId: ${provider}, value: { secret: ${provider}Primary } }`,
    );
    lines.push(
      `  ${provider}-backup: { providerId: ${provider}, value: { env: ${provider.toUpperCase()}_BACKUP } }`,
    );
  }
  lines.push("accessKeyConfigurations:");
  for (let i = 0; i < CONFIGURATIONS; i++) {
    lines.push(`  team-${i}:`);
    lines.push(`    description: Team ${i}`);
    lines.push("    access:");
    lines.push("      providers: { allow: [openai, anthropic, google, groq] }");
    lines.push("      models:");
    lines.push("        allow:");
    for (let j = 0; j < ALLOW_ENTRIES; j++) {
      const provider = PROVIDERS[(i + j) % PROVIDERS.length] ?? "openai";
      const model = j === 7 && i % 20 === 0 ? `model-${i}-preview` : `model-${j}-v${i % 50}`;
      lines.push(`          - ${j % 2 === 0 ? `${provider}:${model}` : `${provider}/${model}`}`);
    }
    lines.push("    router:");
    lines.push("      rules:");
    lines.push("        - provider: openai");
    lines.push("          steps:");
    lines.push("            - { type: user, keys: [openai-primary, openai-backup] }");
    lines.push("            - { type: ngrok }");
  }
  lines.push("accessKeys:");
  for (let i = 0; i < CONFIGURATIONS; i += 10) {
    lines.push(`  client-${i}: { configuration: team-${i} }`);
  }
  return `${lines.join("\n")}\n`;
}

/** Runs one phase in this (child) process and prints its result as JSON. */
function runPhase(phase: Phase, file: string, policyFile: string, warmRuns: number): void {
  const text = fs.readFileSync(file, "utf8");
  // Load the modules first, so the base RSS counts them and the timings do not.
  const yaml = require("yaml") as typeof YamlModule;
  const gitops = require("../sdk/gitops/load") as typeof LoadModule;
  const policyApi = require("../sdk/policy/index") as typeof PolicyModule;
  harness.reportPhase(
    phase,
    () => {
      if (phase === "parse") return harness.parseWithLineCounter(yaml, text);
      const policy = policyApi.loadPolicyFile(policyFile);
      const parsed = gitops.parseGateway(text, file);
      const result = policyApi.lintGateways([parsed], policy, { today: "2026-06-01" });
      policyApi.FORMATTERS.json(result);
      return result.findings.length;
    },
    warmRuns,
  );
}

/** Runs the parse and lint phases on a file (each in a fresh process). */
function measure(
  file: string,
  policyFile: string,
  parseWarmRuns: number = harness.WARM_RUNS,
  lintWarmRuns: number = harness.WARM_RUNS,
): { parse: harness.PhaseResult<Phase>; lint: harness.PhaseResult<Phase> } {
  const phase = (name: Phase, warmRuns: number): harness.PhaseResult<Phase> =>
    harness.spawnPhase(__filename, [name, file, policyFile, String(warmRuns)]);
  return { parse: phase("parse", parseWarmRuns), lint: phase("lint", lintWarmRuns) };
}

/**
 * The size series: one warm run of the default parse (at 32,000 it takes half a minute) and the
 * median of three of lint, whose time per object at each size is what the growth goal compares.
 */
function series(dir: string, policyFile: string): Record<string, unknown> {
  const points = harness.SERIES_SIZES.map((configurations) => {
    const file = path.join(dir, `series-${configurations}.yaml`);
    fs.writeFileSync(file, harness.seriesGateway(configurations));
    const { parse, lint } = measure(file, policyFile, 1, harness.WARM_RUNS);
    if (lint.count !== configurations / 20) {
      throw new Error(
        `lint found ${lint.count} findings at ${configurations}, expected ${configurations / 20}`,
      );
    }
    fs.rmSync(file);
    return { objects: 2 * configurations, baseline: parse, measured: lint };
  });
  return harness.printSeries("yaml.parseDocument", "aigw lint", points);
}

function main(): void {
  const phaseArgs = harness.phaseArguments();
  if (phaseArgs !== undefined) {
    const [phase, file = "", policyFile = "", warmRuns = ""] = phaseArgs;
    runPhase(phase as Phase, file, policyFile, Number(warmRuns) || harness.WARM_RUNS);
    return;
  }
  harness.withTempDir("aigw-bench-lint-", (dir) => {
    const file = path.join(dir, "gateway.yaml");
    const policyFile = path.join(dir, "policy.yaml");
    const text = generateGateway();
    fs.writeFileSync(file, text);
    fs.writeFileSync(policyFile, generatePolicy());
    const { parse, lint } = measure(file, policyFile);
    if (parse.count !== 0) throw new Error("the generated file does not parse");
    const expected = CONFIGURATIONS / 20;
    if (lint.count !== expected) {
      throw new Error(`lint found ${lint.count} findings, expected ${expected}`);
    }
    const lines = text.split("\n").length;
    const seriesFigures = series(dir, policyFile);
    harness.printComparison(
      `gateway.yaml: ${CONFIGURATIONS} configurations x ${ALLOW_ENTRIES} allow entries, ${DENY_PATTERNS} deny patterns (${lines} lines, ${harness.round(text.length / 1024)} KiB); ${lint.count} findings`,
      { label: "yaml.parseDocument+LineCounter", name: "parse", result: parse },
      { label: "aigw lint (in-process)       ", name: "lint", result: lint },
      {
        benchmark: "lint",
        configurations: CONFIGURATIONS,
        allowEntries: ALLOW_ENTRIES,
        denyPatterns: DENY_PATTERNS,
        lines,
        findings: lint.count,
        ...seriesFigures,
      },
    );
  });
}

main();
