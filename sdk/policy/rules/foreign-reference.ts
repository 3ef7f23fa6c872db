import { formatPath } from "../../gitops/document-path";
import { type PolicyRule, type RuleFinding, at } from "../types";

/**
 * `foreign-reference`: an access key linked to an access key configuration that another team
 * owns (the two files' `owner:` differ), so a change that team makes to the configuration
 * changes what this file's clients may reach, without this file's owners reviewing it.
 */
export const foreignReference: PolicyRule = {
  id: "foreign-reference",
  title: "Configuration of another team",
  defaultSeverity: "warn",
  description:
    "An access key is linked to an access key configuration that another team owns (its file's owner: differs).",
  help: "Link a configuration your team owns, or have the configuration's team own the access key too; waive it with a reason if the sharing is intended.",
  check: (context) => {
    const findings: RuleFinding[] = [];
    const owner = context.parsed.model.owner?.value;
    for (const key of context.parsed.model.accessKeys.values()) {
      const link = key.configuration;
      const theirs = link?.target?.owner?.value;
      if (link === undefined || theirs === undefined || theirs === owner) continue;
      const declared = link.target?.key.range.start;
      const where =
        declared === undefined ? "" : ` (${link.target?.file}:${declared.line}:${declared.column})`;
      const ours =
        owner === undefined ? "this file has no owner:" : `not by this file's team ${owner}`;
      findings.push({
        ...at(context.parsed.file, link),
        message: `${formatPath(link.path)} "${link.value}" is owned by team ${theirs}${where}, ${ours}: a change its owners make changes what these clients may reach. Link a configuration of ${owner === undefined ? "this file's team" : `team ${owner}`}, or ask team ${theirs} to own the access key too.`,
      });
    }
    return findings;
  },
};
