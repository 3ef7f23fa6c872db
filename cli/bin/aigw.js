#!/usr/bin/env node
// The installed entry point; it exists before the TypeScript build so npm can link it.
require("../dist/main.js");
