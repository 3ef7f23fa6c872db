// The policy validator: policy.yaml loading, the lint rules, formatters and the review diff.
export {
  POLICY_RULE_IDS,
  type PolicyRuleId,
  type RuleSeverity,
  type Finding,
  type AppliedWaiver,
  type PolicyRule,
  type RuleContext,
  type RuleFinding,
  isPolicyRuleId,
} from "./types";
export {
  POLICY_SCHEMA_FILE,
  type Policy,
  type PolicyLoadResult,
  type PolicyWaiver,
  PolicyFileError,
  PolicyMatcher,
  emptyPolicy,
  isCalendarDate,
  loadPolicyFile,
  parsePolicy,
} from "./policy";
export { POLICY_RULES, getPolicyRule } from "./rules/index";
export {
  type LintResult,
  type LintSummary,
  type PolicyLintOptions,
  SEVERITY_RANK,
  failsThreshold,
  lintGateways,
  policyDiagnostics,
  policyFindings,
  summarize,
} from "./lint";
export { type InlineWaiver, parseInlineWaivers } from "./waivers";
export {
  FORMAT_NAMES,
  FORMATTERS,
  LINT_FORMATS,
  type FormatName,
  type Formatter,
  type FormatterOptions,
  isFormatName,
} from "./formatters/index";
export {
  type ReviewReport,
  type ConfigurationChange,
  type ScopeChange,
  type ScopeList,
  type FailoverChange,
  type ProviderKeyChange,
  type AccessKeyChange,
  reviewGateways,
  reviewFails,
} from "./review";
export {
  PLANNED_ACTIONS,
  type PlanCounts,
  type PlainValue,
  type PlannedAction,
  type PlannedChange,
  type PlannedDeclaration,
  type PlannedProperty,
  type PreviewPlan,
  kindLabel,
  locatePlan,
  planFromPreview,
} from "./review-preview";
export {
  PreviewFileError,
  type DiffTextResource,
  type PreviewDiffText,
  type PreviewDigest,
  type PreviewFilePosition,
  type PreviewStep,
  parsePreviewDiff,
  parsePreviewJson,
} from "./preview-digest";
export {
  REVIEW_FORMATS,
  REVIEW_FORMAT_NAMES,
  type ReviewFormatName,
  type ReviewFormatter,
  formatReviewJson,
  formatReviewMarkdown,
} from "./review-formatters/index";
export {
  STACK_FILE,
  STACK_SECTIONS,
  STACK_TYPE_PREFIX,
  type SkippedResource,
  type StackDeclaration,
  type StackFinding,
  type StackResource,
  UNKNOWN,
  declarationFromStack,
  logicalNameOf,
  stackPolicyFindings,
} from "./stack";
