#!/usr/bin/env node
// `npm run demo`: the main job end to end, offline, against the local emulator.
//   1. start the emulator with a file database (.aigw/demo/emulator.db);
//   2. lint gateway.yaml against policy.yaml;
//   3. pulumi up of the root stack (Pulumi.yaml applies gateway.yaml);
//   4. check for drift (none), change one object out of band, check again (drift shown),
//      then put it back with `pulumi up --refresh`;
//   5. send requests through the local gateway and say how to send your own.
// A second run finds nothing to change. State lives in .aigw/demo (local file backend).
"use strict";
const { spawn } = require("node:child_process");
const { existsSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
// AIGW_DEMO_DIR moves the demo's state (the tests run it in a temporary directory).
const demoDir = process.env.AIGW_DEMO_DIR ?? join(root, ".aigw", "demo");
const aigwBin = join(root, "cli", "bin", "aigw.js");

// Local demo credentials for the emulator's fake upstreams; not real keys.
const DEMO_SECRETS = {
  openaiPrimary: "sk-demo-primary-rate-limited-0000000001",
  OPENAI_BACKUP_KEY: "sk-demo-backup-healthy-00000000000002",
};

function heading(text) {
  process.stdout.write(`\n== ${text}\n`);
}

// Asynchronous on purpose: the emulator runs in this process and must keep answering while
// pulumi and aigw run.
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      ...options,
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c) => (stdout += c));
    child.stderr?.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function show(result) {
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
}

function must(result, what) {
  if (result.status !== 0) {
    show(result);
    throw new Error(`${what} failed (exit ${result.status})`);
  }
  return result;
}

async function hasCommand(name) {
  const help = await run(process.execPath, [aigwBin, "--help"]);
  return new RegExp(`^\\s+${name}\\b`, "m").test(help.stdout);
}

async function main() {
  mkdirSync(join(demoDir, "state"), { recursive: true });
  mkdirSync(join(demoDir, "home"), { recursive: true });

  heading("Pulumi engine");
  const engineRun = await run("bash", [join(root, "scripts", "pulumi-engine.sh")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const engine = must(engineRun, "scripts/pulumi-engine.sh").stdout.trim();
  const pulumiBin = join(engine, "pulumi");
  process.stdout.write(`${(await run(pulumiBin, ["version"])).stdout.trim()} (${engine})\n`);

  heading("Local ngrok.ai emulator");
  const { createEmulator } = require("aigw-emulator");
  const emulator = await createEmulator({ db: join(demoDir, "emulator.db") });
  process.stdout.write(`listening on ${emulator.url} (database ${join(demoDir, "emulator.db")})\n`);

  const env = {
    ...process.env,
    PATH: `${engine}:${process.env.PATH ?? ""}`,
    PULUMI_HOME: join(demoDir, "home"),
    PULUMI_BACKEND_URL: `file://${join(demoDir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "aigw-demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    OPENAI_BACKUP_KEY: DEMO_SECRETS.OPENAI_BACKUP_KEY,
    NGROK_AI_API_URL: emulator.url,
    NGROK_AI_API_KEY: emulator.apiKey,
  };
  const pulumi = (args) =>
    run(pulumiBin, [...args, "--non-interactive", "--color", "never"], { env });
  const aigw = (args) => run(process.execPath, [aigwBin, ...args], { env });

  try {
    heading("Lint gateway.yaml against policy.yaml");
    if (await hasCommand("lint")) {
      const lint = await aigw(["lint", "gateway.yaml", "--policy", "policy.yaml"]);
      show(lint);
      if (lint.status !== 0) throw new Error("gateway.yaml does not pass policy.yaml");
    } else {
      const { loadGatewayFile } = require("pulumi-ngrok-ai/gitops");
      const { formatDiagnostic } = require("pulumi-ngrok-ai/core");
      const { diagnostics } = loadGatewayFile(join(root, "gateway.yaml"));
      for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
      if (diagnostics.some((d) => d.severity === "error"))
        throw new Error("gateway.yaml is invalid");
      process.stdout.write(
        "gateway.yaml is valid (the policy linter is not part of this build yet)\n",
      );
    }

    heading("pulumi up (the root stack applies gateway.yaml)");
    if ((await pulumi(["stack", "select", "demo"])).status !== 0) {
      must(await pulumi(["stack", "init", "demo"]), "pulumi stack init");
    }
    const setConfig = async (args) =>
      must(await pulumi(["config", "set", ...args]), "pulumi config set");
    await setConfig(["ngrok-ai:apiUrl", emulator.url]);
    await setConfig(["--secret", "ngrok-ai:apiKey", emulator.apiKey]);
    await setConfig(["--secret", "openaiPrimary", DEMO_SECRETS.openaiPrimary]);
    show(must(await pulumi(["up", "--yes", "--skip-preview"]), "pulumi up"));

    const useAigwDrift = await hasCommand("drift");
    const driftCheck = () =>
      useAigwDrift
        ? aigw(["drift", "--stack", "demo", "--cwd", root])
        : pulumi(["refresh", "--preview-only", "--expect-no-changes"]);

    heading(
      `Drift check with ${useAigwDrift ? "aigw drift" : "pulumi refresh --preview-only"} (expect none)`,
    );
    const clean = await driftCheck();
    show(clean);
    process.stdout.write(clean.status === 0 ? "no drift\n" : `unexpected: exit ${clean.status}\n`);

    heading("Someone widens search-team's allow-list outside git");
    const idsRun = await pulumi(["stack", "output", "accessKeyConfigurationIds", "--json"]);
    const ids = JSON.parse(must(idsRun, "pulumi stack output").stdout);
    const { GatewayClient } = require("pulumi-ngrok-ai/client");
    const client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    const live = await client.accessKeyConfigurations.get(ids["search-team"]);
    const models = [...(live.access?.models?.allow ?? []), "openai:o1-preview"];
    await client.accessKeyConfigurations.update(live.id, {
      access: { ...live.access, models: { allow: models } },
    });
    process.stdout.write(`added openai:o1-preview to ${live.id} through the API\n`);

    heading("Drift check (expect drift)");
    const drifted = await driftCheck();
    show(drifted);
    process.stdout.write(
      drifted.status === 0
        ? "unexpected: no drift found\n"
        : `drift found (exit ${drifted.status})\n`,
    );

    heading("pulumi up --refresh puts gateway.yaml back");
    show(must(await pulumi(["up", "--refresh", "--yes", "--skip-preview"]), "pulumi up --refresh"));

    heading("Requests through the local gateway");
    const { sendDemoRequests, formatDemoResult } = require("aigw-emulator");
    const tokensRun = await pulumi([
      "stack",
      "output",
      "accessKeyTokens",
      "--json",
      "--show-secrets",
    ]);
    const tokens = JSON.parse(must(tokensRun, "pulumi stack output").stdout);
    // openai-primary's demo value makes the stub upstream answer 429: the gateway fails over to
    // openai-backup. o1-preview is outside search-team's scope: rejected before any upstream call.
    const results = await sendDemoRequests({
      url: emulator.url,
      accessKey: tokens["search-prod"],
      failoverModel: "openai:gpt-4o-mini",
      disallowedModel: "openai:o1-preview",
      apiKey: emulator.apiKey,
    });
    for (const result of results) process.stdout.write(`${formatDemoResult(result)}\n`);
    const explain = await aigw([
      "explain",
      "--access-key",
      "search-prod",
      "--model",
      "openai:gpt-4o-mini",
      "gateway.yaml",
    ]);
    process.stdout.write(
      "\n$ aigw explain --access-key search-prod --model openai:gpt-4o-mini gateway.yaml\n",
    );
    show(explain);
    process.stdout.write(
      [
        "To send your own, start the emulator on its own with the same database:",
        "  npx aigw emulator --db .aigw/demo/emulator.db --port 4780",
        "and use the access key token of the demo stack (a secret output):",
        "  export PULUMI_BACKEND_URL=file://$PWD/.aigw/demo/state PULUMI_CONFIG_PASSPHRASE=aigw-demo",
        '  TOKEN=$(pulumi stack output accessKeyTokens --stack demo --show-secrets --json | node -pe \'JSON.parse(require("fs").readFileSync(0))["search-prod"]\')',
        '  curl -s http://127.0.0.1:4780/v1/chat/completions -H "Authorization: Bearer $TOKEN" \\',
        '    -H "Content-Type: application/json" -d \'{"model":"openai:gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}\'',
        "",
      ].join("\n"),
    );
  } finally {
    await emulator.close();
  }
  if (!existsSync(join(demoDir, "emulator.db")))
    throw new Error("the emulator database was not written");
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
