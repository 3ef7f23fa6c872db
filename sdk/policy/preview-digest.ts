// Reading what the Pulumi engine plans to do, from the files a pipeline can keep: the JSON of
// `pulumi preview --json` (one `PreviewDigest` document, pkg/backend/display/json.go; or, with
// PULUMI_ENABLE_STREAMING_JSON_PREVIEW, engine events one per line, sdk/go/common/apitype/
// events.go) and the text of `pulumi preview --diff`. Only the plan is kept: each step's op, URN,
// the inputs before and after, and the property names the engine gives. The engine writes secret
// inputs as "[secret]" (the digest) or as an envelope whose ciphertext is "[secret]" (events);
// both stay opaque here, so nothing read can be a secret's value.
import { AigwError } from "../core/errors";
import { isSecretValue } from "../core/resource-types";

/** One step of the engine's plan. */
export interface PreviewStep {
  /** The engine's op: `create`, `update`, `replace`, `delete`, `same`, `create-replacement`, … */
  readonly op: string;
  readonly urn: string;
  /** The resource type token (from the URN when the file does not give it). */
  readonly type: string;
  /** The id of the object the step acts on, when the state records one. */
  readonly id: string | undefined;
  /** The inputs the state records; undefined for a create. */
  readonly oldInputs: Readonly<Record<string, unknown>> | undefined;
  /** The inputs the program declares; undefined for a delete. */
  readonly newInputs: Readonly<Record<string, unknown>> | undefined;
  /** Properties the provider or the engine named as changed (`diffReasons`, `detailedDiff`). */
  readonly changedProperties: readonly string[];
  /** Properties whose change forces the replacement (`replaceReasons`). */
  readonly replaceReasons: readonly string[];
}

/** What a preview file says. */
export interface PreviewDigest {
  readonly file: string;
  readonly steps: readonly PreviewStep[];
  /** The engine's count of steps by op, when the preview finished. */
  readonly changeSummary: Readonly<Record<string, number>> | undefined;
  /** The messages of the preview's error diagnostics (the program or a provider failed). */
  readonly errors: readonly string[];
}

/** Where in a preview file a problem is, 1-based; the line only when it is known. */
export interface PreviewFilePosition {
  readonly line: number;
  readonly column?: number;
}

/**
 * A preview file that is not what `pulumi preview --json` or `pulumi preview --diff` prints. The
 * message names the file (and the line, or the property) and says how to write the file.
 */
export class PreviewFileError extends AigwError {
  override name = "PreviewFileError";
  readonly file: string;
  readonly position: PreviewFilePosition | undefined;

  constructor(file: string, position: PreviewFilePosition | undefined, problem: string) {
    const where =
      position === undefined
        ? file
        : `${file}:${position.line}${position.column !== undefined ? `:${position.column}` : ""}`;
    super("AIGW_PREVIEW_INVALID", `${where}: ${problem}`);
    this.file = file;
    this.position = position;
  }
}

const WRITE_JSON =
  "Write it with `pulumi preview --json > preview.json` (stdout only; the engine's messages go to stderr).";

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The type token of a URN (`urn:pulumi:stack::project::[parent$]type::name`). */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts.length >= 4 ? (parts[parts.length - 2] ?? "") : "";
  const at = qualified.lastIndexOf("$");
  return at < 0 ? qualified : qualified.slice(at + 1);
}

/** The 1-based line and column of offset `index` of `text`. */
function positionAt(text: string, index: number): PreviewFilePosition {
  let line = 1;
  let start = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: index - start + 1 };
}

/**
 * Parses JSON, or throws a {@link PreviewFileError} at the position JSON.parse names; `lineBase`
 * is the number of lines above `text` in the file (for one line of several).
 */
function parseJson(text: string, file: string, lineBase = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const local = at?.[1] !== undefined ? positionAt(text, Number(at[1])) : { line: 1 };
    throw new PreviewFileError(
      file,
      { ...local, line: local.line + lineBase },
      `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, "")}). ${WRITE_JSON}`,
    );
  }
}

/** The inputs of a serialized state (`oldState`/`newState`, or an event's `old`/`new`). */
function inputsOf(state: unknown, where: string, file: string): Json | undefined {
  if (state === undefined || state === null) return undefined;
  const object = record(state);
  if (object === undefined) {
    throw new PreviewFileError(file, undefined, `${where} is not an object. ${WRITE_JSON}`);
  }
  const inputs = object.inputs;
  if (inputs === undefined || inputs === null) return {};
  const map = record(inputs);
  if (map === undefined) {
    throw new PreviewFileError(file, undefined, `${where}.inputs is not an object. ${WRITE_JSON}`);
  }
  return map;
}

function idOf(state: unknown): string | undefined {
  const id = record(state)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** One step from a digest step or an event's metadata (the two share these field names). */
function stepOf(
  raw: unknown,
  where: string,
  file: string,
  fields: { old: string; new: string; reasons: string; replaces: string },
): PreviewStep {
  const step = record(raw);
  if (step === undefined) {
    throw new PreviewFileError(file, undefined, `${where} is not an object. ${WRITE_JSON}`);
  }
  if (typeof step.op !== "string" || step.op === "") {
    throw new PreviewFileError(file, undefined, `${where}.op is not a string. ${WRITE_JSON}`);
  }
  if (typeof step.urn !== "string" || !step.urn.startsWith("urn:")) {
    throw new PreviewFileError(file, undefined, `${where}.urn is not a URN. ${WRITE_JSON}`);
  }
  const oldState = step[fields.old];
  const newState = step[fields.new];
  const detailed = record(step.detailedDiff);
  return {
    op: step.op,
    urn: step.urn,
    type: typeof step.type === "string" && step.type !== "" ? step.type : typeOfUrn(step.urn),
    id: idOf(oldState) ?? idOf(newState),
    oldInputs: inputsOf(oldState, `${where}.${fields.old}`, file),
    newInputs: inputsOf(newState, `${where}.${fields.new}`, file),
    changedProperties: [
      ...new Set([...strings(step[fields.reasons]), ...Object.keys(detailed ?? {})]),
    ],
    replaceReasons: strings(step[fields.replaces]),
  };
}

function summaryOf(value: unknown): Record<string, number> | undefined {
  const summary = record(value);
  if (summary === undefined) return undefined;
  const counts: Record<string, number> = {};
  for (const [op, count] of Object.entries(summary)) {
    if (typeof count === "number") counts[op] = count;
  }
  return counts;
}

function digestOf(document: Json, file: string): PreviewDigest {
  const steps = document.steps ?? [];
  if (!Array.isArray(steps)) {
    throw new PreviewFileError(file, undefined, `steps is not a list. ${WRITE_JSON}`);
  }
  const errors = (Array.isArray(document.diagnostics) ? document.diagnostics : [])
    .map(record)
    .filter((d) => d?.severity === "error" && typeof d.message === "string")
    .map((d) => String(d?.message));
  return {
    file,
    steps: steps.map((s, i) =>
      stepOf(s, `steps[${i}]`, file, {
        old: "oldState",
        new: "newState",
        reasons: "diffReasons",
        replaces: "replaceReasons",
      }),
    ),
    changeSummary: summaryOf(document.changeSummary),
    errors,
  };
}

/** Engine events, one JSON object a line (`pulumi preview --json` with streaming, or `up --json`). */
function eventsOf(lines: readonly string[], file: string): PreviewDigest {
  const steps: PreviewStep[] = [];
  const errors: string[] = [];
  let changeSummary: Record<string, number> | undefined;
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const event = record(parseJson(line, file, index));
    if (event === undefined || typeof event.sequence !== "number") {
      throw new PreviewFileError(
        file,
        { line: index + 1 },
        `not an engine event (no sequence number). ${WRITE_JSON}`,
      );
    }
    const pre = record(event.resourcePreEvent)?.metadata;
    if (pre !== undefined) {
      steps.push(
        stepOf(pre, `line ${index + 1}: resourcePreEvent.metadata`, file, {
          old: "old",
          new: "new",
          reasons: "diffs",
          replaces: "keys",
        }),
      );
    }
    const diagnostic = record(event.diagnosticEvent);
    if (diagnostic?.severity === "error" && typeof diagnostic.message === "string") {
      errors.push(diagnostic.message);
    }
    const summary = record(event.summaryEvent);
    if (summary !== undefined) changeSummary = summaryOf(summary.resourceChanges);
  });
  return { file, steps, changeSummary, errors };
}

/**
 * What JSON `text` holds when it is JSON but not an object ("an array", "null", "a number"…), or
 * undefined when it is not JSON.
 */
function otherJson(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`; // a number, a string, a boolean
}

/**
 * Reads the JSON of `pulumi preview --json`: the digest document, or engine events one per line.
 * Throws {@link PreviewFileError} naming the file, and the line or the property, when the text is
 * neither.
 */
export function parsePreviewJson(text: string, file: string): PreviewDigest {
  const trimmed = text.trim();
  if (trimmed === "") {
    throw new PreviewFileError(
      file,
      undefined,
      `is empty: the preview printed nothing to stdout. ${WRITE_JSON}`,
    );
  }
  if (!trimmed.startsWith("{")) {
    const start = text.length - text.trimStart().length;
    const looksLikeText = /^(Previewing|Updating|View in Browser|\s*(pulumi:pulumi:Stack|Type\s))/m;
    const other = otherJson(trimmed);
    throw new PreviewFileError(
      file,
      positionAt(text, start),
      other !== undefined
        ? `holds ${other}, not the object \`pulumi preview --json\` prints. ${WRITE_JSON}`
        : looksLikeText.test(trimmed)
          ? `is the text output of \`pulumi preview\`, not its JSON. ${WRITE_JSON} (The text of \`pulumi preview --diff\` goes to --diff.)`
          : `is not JSON. ${WRITE_JSON}`,
    );
  }
  const lines = text.split("\n");
  const firstLine = lines.find((l) => l.trim() !== "") ?? "";
  // One event per line: the first line is a whole JSON object with a sequence number.
  if (/^\s*\{.*"sequence"\s*:/.test(firstLine) && firstLine.trim().endsWith("}")) {
    return eventsOf(lines, file);
  }
  const document = record(parseJson(text, file));
  if (document === undefined) {
    throw new PreviewFileError(file, { line: 1 }, `is not a JSON object. ${WRITE_JSON}`);
  }
  // Each of these is omitted when empty; a preview that failed before any step has only
  // diagnostics.
  if (!["steps", "changeSummary", "config", "diagnostics"].some((key) => key in document)) {
    throw new PreviewFileError(
      file,
      undefined,
      `has no steps: it is not the JSON of \`pulumi preview --json\`. ${WRITE_JSON}`,
    );
  }
  return digestOf(document, file);
}

/** What the text of `pulumi preview --diff` says. */
export interface PreviewDiffText {
  readonly file: string;
  /** Every resource block, the unchanged stack's included. */
  readonly resources: readonly DiffTextResource[];
  /** The `N unchanged` of the summary (the stack counted), when the text has it. */
  readonly unchanged: number | undefined;
}

/** What the text of `pulumi preview --diff` says of one resource. */
export interface DiffTextResource {
  readonly op: string;
  readonly urn: string;
  readonly type: string;
  /** The top-level properties marked as changed (`~`), added (`+`) or removed (`-`). */
  readonly changed: readonly string[];
  /** The subset marked `~` (changed in place). */
  readonly modified: readonly string[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const RESOURCE_LINE =
  /^\s*(?:[-+~=<>]{1,2}\s*)?([A-Za-z][\w.-]*:[\w./-]*:[\w.$-]+): \(([a-z-]+)\)\s*$/;
const URN_LINE = /^(\s*)\[urn=(urn:[^\]]+)\]\s*$/;
const PROPERTY_LINE = /^(\s*)([-+~])\s+([A-Za-z_$][\w$-]*)\s*:/;

/**
 * Reads the text of `pulumi preview --diff`: each resource's op, URN and the top-level
 * properties marked as changing. Throws {@link PreviewFileError} when the text has no resource
 * block at all (it is not that output).
 */
export function parsePreviewDiff(text: string, file: string): PreviewDiffText {
  const resources: DiffTextResource[] = [];
  let current:
    | {
        op: string;
        type: string;
        urn: string | undefined;
        indent: number | undefined;
        changed: string[];
        modified: string[];
      }
    | undefined;
  const flush = (): void => {
    if (current?.urn !== undefined) {
      resources.push({
        op: current.op,
        urn: current.urn,
        type: current.type,
        changed: [...new Set(current.changed)],
        modified: [...new Set(current.modified)],
      });
    }
  };
  let sawHeader = false;
  for (const raw of text.split("\n")) {
    const line = raw.replace(ANSI, "").replace(/\r$/, "");
    const resource = RESOURCE_LINE.exec(line);
    if (resource !== null) {
      flush();
      sawHeader = true;
      current = {
        op: resource[2] ?? "",
        type: resource[1] ?? "",
        urn: undefined,
        indent: undefined,
        changed: [],
        modified: [],
      };
      continue;
    }
    if (current === undefined) continue;
    const urn = URN_LINE.exec(line);
    if (urn !== null) {
      current.urn = urn[2];
      current.indent = (urn[1] ?? "").length;
      continue;
    }
    const property = PROPERTY_LINE.exec(line);
    // A top-level property's name starts where the block's `[urn=` does; deeper ones are nested.
    if (property !== null && current.indent !== undefined) {
      const nameColumn = (property[1] ?? "").length + 2;
      if (nameColumn === current.indent) {
        const name = property[3] ?? "";
        current.changed.push(name);
        if (property[2] === "~") current.modified.push(name);
      }
    }
  }
  flush();
  const unchanged = /^\s*(?:\d+ changes?\. )?(\d+) unchanged\s*$/m.exec(text.replace(ANSI, ""));
  if (!sawHeader) {
    throw new PreviewFileError(
      file,
      undefined,
      "has no resource of a preview: it is not the text of `pulumi preview --diff`. " +
        "Write it with `pulumi preview --diff > preview-diff.txt` (stdout only).",
    );
  }
  return {
    file,
    resources,
    unchanged: unchanged?.[1] !== undefined ? Number(unchanged[1]) : undefined,
  };
}

/** True when `value` is how a preview writes a secret: "[secret]", or an envelope. */
export function isPreviewSecret(value: unknown): boolean {
  if (value === "[secret]") return true;
  return isSecretValue(value);
}
