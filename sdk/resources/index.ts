// The Pulumi resources of ngrok.ai.
export { ProviderKey, type ProviderKeyArgs } from "./provider-key";
export {
  AccessKeyConfiguration,
  type AccessKeyConfigurationArgs,
  type AccessScopeArgs,
  type AccessDimensionArgs,
  type RouterArgs,
  type RouterRuleArgs,
  type RouterStepArgs,
} from "./access-key-configuration";
export { AccessKey, type AccessKeyArgs } from "./access-key";
export { Provider, type ProviderArgs, type SupportedApiSurfaceArgs } from "./provider";
export { GatewayConfig, type GatewayConfigArgs } from "./gateway-config";
