#!/usr/bin/env bash
# The shell step of the aigw GitHub Action (action.yml): runs `aigw lint`, `aigw review` or
# `aigw drift` with the action's inputs (INPUT_* variables), writes the reports to files, the job
# summary and the step outputs, and exits 0 so that later steps (the SARIF upload) still run; the
# action's last step fails the job with the recorded exit code. Runs anywhere bash runs:
# test/e2e/action.test.ts runs it locally against the emulator.
#
# Environment: INPUT_COMMAND (lint|review|drift), INPUT_FILES, INPUT_POLICY, INPUT_FAIL_SEVERITY,
# INPUT_BASE, INPUT_STACK, INPUT_CATALOG, INPUT_BASE_DIR; GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
# RUNNER_TEMP as GitHub sets them; AIGW_COMMAND overrides how aigw is started (default
# `npx --no-install aigw`).
set -uo pipefail

command="${INPUT_COMMAND:-lint}"
read -r -a aigw <<<"${AIGW_COMMAND:-npx --no-install aigw}"
read -r -a files <<<"${INPUT_FILES:-gateway.yaml}"
policy="${INPUT_POLICY:-policy.yaml}"
fail_severity="${INPUT_FAIL_SEVERITY:-error}"
out_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/aigw"
outputs="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
mkdir -p "$out_dir"

catalog=()
if [ -n "${INPUT_CATALOG:-}" ]; then catalog=(--catalog "$INPUT_CATALOG"); fi

usage() {
  echo "::error title=aigw action::$1"
  echo "exit-code=2" >>"$outputs"
  exit 0
}

case "$command" in
  lint)
    sarif="$out_dir/aigw.sarif"
    markdown="$out_dir/lint.md"
    base_dir=()
    if [ -n "${INPUT_BASE_DIR:-}" ]; then
      base_dir=(--base-dir "$INPUT_BASE_DIR")
    elif [ -n "${GITHUB_WORKSPACE:-}" ]; then
      base_dir=(--base-dir "$GITHUB_WORKSPACE")
    fi
    # The last --format has no --output: the annotations go to stdout, where GitHub reads them.
    "${aigw[@]}" lint "${files[@]}" --policy "$policy" --fail-severity "$fail_severity" \
      "${catalog[@]}" "${base_dir[@]}" \
      --format sarif --output "$sarif" --format markdown --output "$markdown" --format github
    code=$?
    if [ -f "$sarif" ]; then echo "sarif-file=$sarif" >>"$outputs"; fi
    ;;
  review)
    if [ -z "${INPUT_BASE:-}" ]; then
      usage "input base is empty and this is not a pull request: set base to a file or a git revision (for example origin/main)"
    fi
    markdown="$out_dir/review.md"
    "${aigw[@]}" review --base "$INPUT_BASE" "${files[0]}" --policy "$policy" \
      --fail-severity "$fail_severity" "${catalog[@]}" --format markdown >"$markdown"
    code=$?
    ;;
  drift)
    if [ -z "${INPUT_STACK:-}" ]; then
      usage "input stack is empty: set stack to the Pulumi stack to check (for example prod)"
    fi
    markdown="$out_dir/drift.md"
    "${aigw[@]}" drift --stack "$INPUT_STACK" --format markdown >"$markdown"
    code=$?
    ;;
  *)
    usage "input command is '$command': use lint, review or drift"
    ;;
esac

if [ -s "$markdown" ]; then
  cat "$markdown" >>"$summary"
  echo "markdown-file=$markdown" >>"$outputs"
fi
echo "exit-code=$code" >>"$outputs"
exit 0
