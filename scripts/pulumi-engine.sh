#!/usr/bin/env bash
# Prints the directory that holds `pulumi`, `pulumi-language-nodejs` and
# `pulumi-resource-pulumi-nodejs`, building them from the Go module proxy when needed.
#
# Order of preference:
#   1. AIGW_PULUMI_BIN, if set: a directory named bin that already holds the three executables.
#   2. A `pulumi` >= 3.248 on PATH whose directory also holds `pulumi-language-nodejs`; the
#      dynamic provider shim is taken from there, from PATH, or from the installed @pulumi/pulumi.
#   3. The cache, ${AIGW_CACHE_DIR:-$HOME/.cache/aigw}/pulumi/<version>/bin, built once and reused.
#
# What is built, and why (see README, "The Pulumi engine"):
#   - the CLI: github.com/pulumi/pulumi/pkg/v3 at v3.248.0, the release that matches the pinned
#     @pulumi/pulumi SDK, through the tools module in scripts/pulumi-engine/cli (go.mod and go.sum
#     committed), with the version injected by -ldflags so `pulumi version` prints it;
#   - the Node language host: its own module (sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not
#     served by the Go module proxy at any version, so it is built from the last release that
#     carried it inside github.com/pulumi/pulumi/sdk/v3 (v3.68.0), through the tools module in
#     scripts/pulumi-engine/language-nodejs. It only starts `node @pulumi/pulumi/cmd/run` from the
#     project's node_modules, so the program runs on the pinned SDK; the e2e tests prove the pair.
#   - the dynamic provider shim: copied from the installed @pulumi/pulumi package.
#
# Only the directory goes to stdout; progress goes to stderr. Nothing is downloaded at run time
# except Go modules through the configured module proxy.
set -euo pipefail

readonly CLI_VERSION="v3.248.0"
readonly LANGUAGE_HOST_VERSION="v3.68.0"
readonly MIN_MINOR=248

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
log() { printf 'pulumi-engine: %s\n' "$*" >&2; }

has_all() {
  [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ] && [ -x "$1/pulumi-resource-pulumi-nodejs" ]
}

shim_source() {
  local shim="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ ! -f "$shim" ]; then
    log "the dynamic provider shim comes from the installed @pulumi/pulumi; run 'npm ci' first"
    exit 1
  fi
  printf '%s' "$shim"
}

if [ -n "${AIGW_PULUMI_BIN:-}" ]; then
  if has_all "$AIGW_PULUMI_BIN"; then
    printf '%s\n' "$AIGW_PULUMI_BIN"
    exit 0
  fi
  log "AIGW_PULUMI_BIN=$AIGW_PULUMI_BIN lacks pulumi, pulumi-language-nodejs or pulumi-resource-pulumi-nodejs"
  exit 1
fi

cache_root="${AIGW_CACHE_DIR:-$HOME/.cache/aigw}/pulumi"

# 2. A pulumi on PATH, if new enough and with a Node language host beside it.
if found="$(command -v pulumi 2>/dev/null)"; then
  found_dir="$(cd "$(dirname "$found")" && pwd)"
  version="$(pulumi version 2>/dev/null || true)"
  minor="$(printf '%s' "$version" | sed -nE 's/^v?3\.([0-9]+)\..*/\1/p')"
  if [ -n "$minor" ] && [ "$minor" -ge "$MIN_MINOR" ] && [ -x "$found_dir/pulumi-language-nodejs" ]; then
    # Link the three into one <root>/bin directory, the layout the Automation API expects.
    linked="$cache_root/path-$version/bin"
    mkdir -p "$linked"
    ln -sf "$found_dir/pulumi" "$linked/pulumi"
    ln -sf "$found_dir/pulumi-language-nodejs" "$linked/pulumi-language-nodejs"
    if [ -x "$found_dir/pulumi-resource-pulumi-nodejs" ]; then
      ln -sf "$found_dir/pulumi-resource-pulumi-nodejs" "$linked/pulumi-resource-pulumi-nodejs"
    else
      install -m 0755 "$(shim_source)" "$linked/pulumi-resource-pulumi-nodejs"
    fi
    printf '%s\n' "$linked"
    exit 0
  fi
  log "ignoring $found ($version): need >= 3.$MIN_MINOR with pulumi-language-nodejs beside it"
fi

# 3. The cache, built on first use.
bin="$cache_root/$CLI_VERSION/bin"
if has_all "$bin" && [ "$("$bin/pulumi" version 2>/dev/null)" = "$CLI_VERSION" ]; then
  printf '%s\n' "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "no Pulumi CLI >= 3.$MIN_MINOR on PATH and no Go toolchain to build one."
  log "Install Go >= 1.25 (https://go.dev/dl) and run 'npm run engine', or put a Pulumi CLI"
  log "with pulumi-language-nodejs on PATH, or set AIGW_PULUMI_BIN to a directory holding both."
  exit 1
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.build.lock"
flock 9
# Another process may have finished the build while this one waited for the lock.
if has_all "$bin" && [ "$("$bin/pulumi" version 2>/dev/null)" = "$CLI_VERSION" ]; then
  printf '%s\n' "$bin"
  exit 0
fi

staging="$(mktemp -d "$cache_root/.build.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
version_flag="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

start=$(date +%s)
log "building pulumi $CLI_VERSION (first run only; several minutes on 2 cores)"
(cd "$here/pulumi-engine/cli" &&
  go build -trimpath -ldflags "$version_flag=$CLI_VERSION" -o "$staging/" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
log "building pulumi-language-nodejs $LANGUAGE_HOST_VERSION"
(cd "$here/pulumi-engine/language-nodejs" &&
  go build -trimpath -ldflags "$version_flag=$LANGUAGE_HOST_VERSION" -o "$staging/" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs) >&2
install -m 0755 "$(shim_source)" "$staging/pulumi-resource-pulumi-nodejs"

built="$("$staging/pulumi" version)"
if [ "$built" != "$CLI_VERSION" ]; then
  log "the built CLI reports '$built', expected $CLI_VERSION"
  exit 1
fi
rm -rf "$bin"
mkdir -p "$(dirname "$bin")"
mv "$staging" "$bin"
trap - EXIT
log "built in $(($(date +%s) - start)) s into $bin"
printf '%s\n' "$bin"
