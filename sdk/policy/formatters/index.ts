import { defineFormats } from "../../core/format";
import { redactCredentials } from "../../core/redact";
import { formatGithub } from "./github";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatSarif } from "./sarif";
import { formatText } from "./text";

/**
 * The output formats of `aigw lint`, in the order `--help` lists them. Findings quote what the
 * file says, so a credential pasted into any value is removed from every format.
 */
export const LINT_FORMATS = defineFormats(
  {
    text: formatText,
    json: formatJson,
    sarif: formatSarif,
    github: formatGithub,
    junit: formatJunit,
    markdown: formatMarkdown,
  },
  { redact: redactCredentials },
);

/** The names of {@link LINT_FORMATS}, in order. */
export const FORMAT_NAMES = LINT_FORMATS.names;

/** An output format name of `aigw lint`. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** The lint formatters by name ({@link LINT_FORMATS}). */
export const FORMATTERS = LINT_FORMATS.formatters;

/** True when `name` is a lint format ({@link LINT_FORMATS}). */
export const isFormatName = LINT_FORMATS.isName;

export type { Formatter, FormatterOptions } from "./types";
