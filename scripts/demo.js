#!/usr/bin/env node
// The demo grows with the project; today it shows the toolchain is in place.
"use strict";
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");

const root = join(__dirname, "..");
const aigw = join(root, "cli", "bin", "aigw.js");
console.log(
  `aigw ${execFileSync(process.execPath, [aigw, "--version"], { encoding: "utf8" }).trim()}`,
);
const engine = execFileSync("bash", [join(root, "scripts", "pulumi-engine.sh")], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
}).trim();
const version = execFileSync(join(engine, "pulumi"), ["version"], { encoding: "utf8" }).trim();
console.log(`Pulumi engine ${version} in ${engine}`);
