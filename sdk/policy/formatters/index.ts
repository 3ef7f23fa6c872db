import { formatGithub } from "./github";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatSarif } from "./sarif";
import { formatText } from "./text";
import type { Formatter } from "./types";

/** The output formats of `aigw lint`, in the order `--help` lists them. */
export const FORMAT_NAMES = ["text", "json", "sarif", "github", "junit", "markdown"] as const;

/** An output format name. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** The registry of formatters by name. */
export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  markdown: formatMarkdown,
};

/** True when `name` is a known format. */
export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

export type { Formatter, FormatterOptions } from "./types";
