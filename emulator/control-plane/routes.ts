import * as accessKeyConfigurations from "./access-key-configurations";
import * as accessKeys from "./access-keys";
import * as apiKeys from "./api-keys";
import type { Handler } from "./context";
import * as credits from "./credits";
import * as gatewayConfig from "./gateway-config";
import * as providerKeys from "./provider-keys";
import * as providers from "./providers";
import { listUsage } from "./usage";
import { getUsageOverview } from "./usage-overview";

/** One path of the API and its handlers by method; HEAD runs the GET handler without a body. */
export interface Route {
  readonly pattern: RegExp;
  readonly methods: Readonly<Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>>;
}

const ID = "([^/]+)";

/** Every management API path of spec section 2 but the LATER ones. */
export const ROUTES: readonly Route[] = [
  {
    pattern: /^\/access-key-configurations$/,
    methods: {
      GET: accessKeyConfigurations.listConfigurations,
      POST: accessKeyConfigurations.createConfiguration,
    },
  },
  {
    pattern: new RegExp(`^/access-key-configurations/${ID}$`),
    methods: {
      GET: accessKeyConfigurations.getConfiguration,
      PATCH: accessKeyConfigurations.updateConfiguration,
      DELETE: accessKeyConfigurations.deleteConfiguration,
    },
  },
  {
    pattern: /^\/access-keys$/,
    methods: { GET: accessKeys.listAccessKeys, POST: accessKeys.createAccessKey },
  },
  {
    pattern: new RegExp(`^/access-keys/${ID}$`),
    methods: {
      GET: accessKeys.getAccessKey,
      PATCH: accessKeys.updateAccessKey,
      DELETE: accessKeys.deleteAccessKey,
    },
  },
  { pattern: /^\/api-keys$/, methods: { GET: apiKeys.listApiKeys, POST: apiKeys.createApiKey } },
  {
    pattern: new RegExp(`^/api-keys/${ID}$`),
    methods: { GET: apiKeys.getApiKey, PATCH: apiKeys.updateApiKey, DELETE: apiKeys.deleteApiKey },
  },
  {
    pattern: /^\/provider-keys$/,
    methods: { GET: providerKeys.listProviderKeys, POST: providerKeys.createProviderKeyHandler },
  },
  {
    pattern: new RegExp(`^/provider-keys/${ID}$`),
    methods: {
      GET: providerKeys.getProviderKey,
      PATCH: providerKeys.updateProviderKey,
      DELETE: providerKeys.deleteProviderKey,
    },
  },
  {
    pattern: new RegExp(`^/provider-keys/${ID}/rotate$`),
    methods: { POST: providerKeys.rotateProviderKey },
  },
  {
    pattern: /^\/providers$/,
    methods: { GET: providers.listProviders, POST: providers.createProvider },
  },
  {
    pattern: new RegExp(`^/providers/${ID}$`),
    methods: {
      GET: providers.getProvider,
      PATCH: providers.updateProvider,
      DELETE: providers.deleteProvider,
    },
  },
  {
    pattern: /^\/gateway-config$/,
    methods: { GET: gatewayConfig.getGatewayConfig, PATCH: gatewayConfig.updateGatewayConfig },
  },
  { pattern: /^\/credits\/balance$/, methods: { GET: credits.getCreditBalance } },
  { pattern: /^\/credits\/transactions$/, methods: { GET: credits.listCreditTransactions } },
  { pattern: /^\/credits\/checkout-session$/, methods: { POST: credits.createCheckoutSession } },
  { pattern: /^\/usage$/, methods: { GET: listUsage } },
  { pattern: /^\/usage\/overview$/, methods: { GET: getUsageOverview } },
];

/** The route for `path` and its decoded path parameters, or undefined. */
export function matchRoute(path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m !== null) {
      try {
        return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
      } catch {
        return { route, params: m.slice(1) };
      }
    }
  }
  return undefined;
}

/** The methods `route` answers, for the `Allow` header of a 405. */
export function allowedMethods(route: Route): string[] {
  const methods = Object.keys(route.methods);
  return methods.includes("GET") ? [...methods, "HEAD"] : methods;
}
