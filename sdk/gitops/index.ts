// pulumi-ngrok-ai/gitops: the gateway.yaml loader: YAML and schema diagnostics with positions,
// the declaration model by logical name, references and secrets. It applies nothing; the
// package root's `applyGatewayFile` and `Gateway` do, through Pulumi.
export {
  type ParsedGateway,
  type LoadGatewayFileOptions,
  type ParseGatewayOptions,
  type GatewayDeclaration,
  type GatewaySource,
  type LoadGatewaysOptions,
  hasErrors,
  parseGateway,
  parseGateways,
  loadGatewayFile,
  loadGateways,
} from "./load";
export {
  type GatewayFile,
  type ResolveGatewayFilesOptions,
  type ResolvedGatewayFiles,
  isGatewayFileName,
  resolveGatewayFiles,
} from "./files";
export { ALIAS_GROWTH_FLOOR } from "./alias-expansion";
export { GATEWAY_DIAGNOSTIC_CODES, type GatewayDiagnosticCode } from "./codes";
export {
  type Located,
  GATEWAY_SECTIONS,
  type GatewaySection,
  type DeclaredObject,
  type ProviderTarget,
  type ApiSurfaceModel,
  type ProviderModel,
  type SecretSource,
  type ProviderKeyModel,
  type ProviderAllowEntry,
  type ModelAllowEntry,
  type AccessDimensionModel,
  type AccessScopeModel,
  type ProviderKeyReference,
  type RouterStepModel,
  type RouterRuleModel,
  type RouterModel,
  type AccessKeyConfigurationModel,
  type ConfigurationReference,
  type AccessKeyModel,
  type GatewayConfigModel,
  type GatewayObjectModel,
  type GatewayModel,
  declarationOrder,
} from "./model";
export {
  type SecretProvider,
  type ResolvedSecret,
  type SecretResolution,
  resolveSecrets,
} from "./secrets";
export { type SourceLocation, type NodeLookup, YamlLocator } from "./locator";
export { type DocumentPath, formatPath, pointerToPath } from "./document-path";
