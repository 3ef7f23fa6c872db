import { loaderFindings } from "../rule-helpers";
import type { PolicyRule } from "../types";

/** The gateway.yaml loader codes this rule surfaces. */
const CODES = ["unknown-provider"] as const;

/**
 * `unknown-provider`: a provider id (of a provider key, an allow-list or a router rule) that is
 * neither in the model catalog nor declared under providers. A warning, never a blocker: the live
 * API decides whether the id exists, and the catalog has a date. The loader detects these (with
 * the catalog in use, overlay included); the rule surfaces its diagnostics as findings.
 */
export const unknownProvider: PolicyRule = {
  id: "unknown-provider",
  title: "Provider not in the catalog",
  defaultSeverity: "warn",
  description:
    "A provider id is neither in the model catalog nor declared under providers; the catalog may predate it.",
  help: "Fix the spelling. If ngrok.ai added the provider after the catalog's date, run aigw catalog pull and pass the file it writes (--catalog, stack config aigw:catalog). A custom provider created outside gateway.yaml is fine.",
  check: (context) => loaderFindings(context, CODES),
};
