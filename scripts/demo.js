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
const { spawnSync } = require("node:child_process");
const { existsSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const demoDir = join(root, ".aigw", "demo");
const aigwBin = join(root, "cli", "bin", "aigw.js");

// Local demo credentials for the emulator's fake upstreams; not real keys.
const DEMO_SECRETS = {
  openaiPrimary: "sk-demo-primary-rate-limited-0000000001",
  OPENAI_BACKUP_KEY: "sk-demo-backup-healthy-00000000000002",
};

function heading(text) {
  process.stdout.write(`\n== ${text}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    ...options,
  });
  if (result.error) throw result.error;
  return result;
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

function hasCommand(name) {
  const help = run(process.execPath, [aigwBin, "--help"]);
  return new RegExp(`^\\s+${name}\\b`, "m").test(help.stdout);
}

async function main() {
  mkdirSync(join(demoDir, "state"), { recursive: true });
  mkdirSync(join(demoDir, "home"), { recursive: true });

  heading("Pulumi engine");
  const engine = must(
    run("bash", [join(root, "scripts", "pulumi-engine.sh")], {
      stdio: ["ignore", "pipe", "inherit"],
    }),
    "pulumi-engine.sh",
  ).stdout.trim();
  const pulumiBin = join(engine, "pulumi");
  process.stdout.write(`${run(pulumiBin, ["version"]).stdout.trim()} (${engine})\n`);

  heading("Local ngrok.ai emulator");
  const { createEmulator } = require("aigw-emulator");
  const emulator = await createEmulator({ db: join(demoDir, "emulator.db") });
  process.stdout.write(
    `listening on ${emulator.url} (database ${join(".aigw", "demo", "emulator.db")})\n`,
  );

  const env = {
    ...process.env,
    PATH: `${engine}:${process.env.PATH ?? ""}`,
    PULUMI_HOME: join(demoDir, "home"),
    PULUMI_BACKEND_URL: `file://${join(demoDir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "aigw-demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    OPENAI_BACKUP_KEY: DEMO_SECRETS.OPENAI_BACKUP_KEY,
  };
  const pulumi = (args) =>
    run(pulumiBin, [...args, "--non-interactive", "--color", "never"], { env });
  const aigw = (args) => run(process.execPath, [aigwBin, ...args], { env });

  try {
    heading("Lint gateway.yaml against policy.yaml");
    if (hasCommand("lint")) {
      const lint = aigw(["lint", "gateway.yaml", "--policy", "policy.yaml"]);
      show(lint);
      if (lint.status !== 0) throw new Error("gateway.yaml does not pass policy.yaml");
    } else {
      const { loadGatewayFile } = require("pulumi-ngrok-ai/dist/gitops/load");
      const { formatDiagnostic } = require("pulumi-ngrok-ai/dist/diagnostics");
      const { diagnostics } = loadGatewayFile(join(root, "gateway.yaml"));
      for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
      if (diagnostics.some((d) => d.severity === "error"))
        throw new Error("gateway.yaml is invalid");
      process.stdout.write(
        "gateway.yaml is valid (the policy linter is not part of this build yet)\n",
      );
    }

    heading("pulumi up (the root stack applies gateway.yaml)");
    if (pulumi(["stack", "select", "demo"]).status !== 0)
      must(pulumi(["stack", "init", "demo"]), "pulumi stack init");
    must(pulumi(["config", "set", "ngrok-ai:apiUrl", emulator.url]), "pulumi config set");
    must(
      pulumi(["config", "set", "--secret", "ngrok-ai:apiKey", emulator.apiKey]),
      "pulumi config set",
    );
    must(
      pulumi(["config", "set", "--secret", "openaiPrimary", DEMO_SECRETS.openaiPrimary]),
      "pulumi config set",
    );
    show(must(pulumi(["up", "--yes", "--skip-preview"]), "pulumi up"));

    const driftCheck = () =>
      hasCommand("drift")
        ? aigw([
            "drift",
            "--stack",
            "demo",
            "--api-url",
            emulator.url,
            "--api-key-env",
            "AIGW_DEMO_API_KEY",
          ])
        : pulumi(["refresh", "--preview-only", "--expect-no-changes"]);
    env.AIGW_DEMO_API_KEY = emulator.apiKey;

    heading("Drift check (expect none)");
    const clean = driftCheck();
    show(clean);
    process.stdout.write(clean.status === 0 ? "no drift\n" : `unexpected: exit ${clean.status}\n`);

    heading("Someone widens search-team's allow-list in the dashboard");
    const ids = JSON.parse(
      must(pulumi(["stack", "output", "accessKeyConfigurationIds", "--json"]), "stack output")
        .stdout,
    );
    const { GatewayClient } = require("pulumi-ngrok-ai/dist/client/gateway-client");
    const client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    const live = await client.accessKeyConfigurations.get(ids["search-team"]);
    await client.accessKeyConfigurations.update(live.id, {
      access: {
        ...live.access,
        models: { allow: [...(live.access?.models?.allow ?? []), "openai:o1-preview"] },
      },
    });
    process.stdout.write(`added openai:o1-preview to ${live.id} through the API\n`);

    heading("Drift check (expect drift)");
    const drifted = driftCheck();
    show(drifted);
    process.stdout.write(
      drifted.status === 0
        ? "unexpected: no drift found\n"
        : `drift found (exit ${drifted.status})\n`,
    );

    heading("pulumi up --refresh puts gateway.yaml back");
    show(must(pulumi(["up", "--refresh", "--yes", "--skip-preview"]), "pulumi up --refresh"));

    heading("Send a request through the local gateway");
    if (typeof emulator.gatewayUrl === "string" || hasCommand("explain")) {
      const { sendDemoRequests } = require("aigw-emulator");
      if (typeof sendDemoRequests === "function") {
        const tokens = JSON.parse(
          must(
            pulumi(["stack", "output", "accessKeyTokens", "--json", "--show-secrets"]),
            "stack output",
          ).stdout,
        );
        await sendDemoRequests({
          url: emulator.url,
          token: tokens["search-prod"],
          out: process.stdout,
        });
      }
    }
    process.stdout.write(
      [
        "Start the emulator on its own with the same database:",
        "  npx aigw emulator --db .aigw/demo/emulator.db --port 4780",
        "then, with the access key token from the demo stack (a secret output):",
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
