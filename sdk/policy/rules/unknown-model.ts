import { BUILTIN_CATALOG } from "../../catalog/catalog";
import { closestMatch } from "../../core/suggest";
import { formatPath } from "../../gitops/document-path";
import type { Located } from "../../gitops/model";
import { type PolicyRule, type RuleContext, type RuleFinding, at } from "../types";

/**
 * `unknown-model`: a bare model name (no `provider:`) in `access.models.allow` or a router rule's
 * `model` that the model catalog does not list, so the gateway resolves it to no provider and the
 * entry admits or routes nothing. A warning: the catalog has a date, and ngrok.ai adds models
 * every month. Provider-qualified names are never reported: unknown ones pass through to their
 * provider (docs concepts/models, "Unknown models (pass-through)").
 */
export const unknownModel: PolicyRule = {
  id: "unknown-model",
  title: "Model not in the catalog",
  defaultSeverity: "warn",
  description:
    "A bare model name is not in the model catalog, so it resolves to no provider; the catalog may predate it.",
  help: "Name its provider (provider:model), which passes through whatever the catalog says. If ngrok.ai added the model after the catalog's date, run aigw catalog pull and pass the file it writes (--catalog, stack config aigw:catalog).",
  check,
};

function check(context: RuleContext): RuleFinding[] {
  const catalog = context.scopeOptions.catalog ?? BUILTIN_CATALOG;
  const file = context.parsed.file;
  const findings: RuleFinding[] = [];
  const report = (entry: Located<string>, what: string): void => {
    const suggestion = closestMatch(
      entry.value,
      catalog.models.map((m) => m.model),
    );
    findings.push({
      ...at(file, entry),
      message:
        `${formatPath(entry.path)} "${entry.value}" is not in ${catalog.describe()}, so ${what}.` +
        (suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`) +
        ` Name its provider (provider:${entry.value}) to pass it through; if ngrok.ai added it after ${catalog.date}, run aigw catalog pull and pass the file it writes (--catalog, stack config aigw:catalog).`,
    });
  };
  for (const config of context.parsed.model.accessKeyConfigurations.values()) {
    for (const entry of config.access?.models?.allow ?? []) {
      if (entry.ref.provider === undefined && catalog.findModel(entry.ref) === undefined) {
        report(entry, "the gateway resolves it to no provider and the entry admits no model");
      }
    }
    for (const rule of config.router?.rules ?? []) {
      const model = rule.model;
      if (model === undefined || model.ref.provider !== undefined) continue;
      const provider = rule.provider?.value;
      const known =
        provider === undefined
          ? catalog.findModel(model.ref) !== undefined
          : !catalog.isProvider(provider) ||
            catalog.findModel({ provider, model: model.ref.model }) !== undefined;
      if (!known) report(model, "the rule routes no request");
    }
  }
  return findings;
}
