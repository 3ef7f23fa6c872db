import {
  type PlanInput,
  type PlanOptions,
  type RoutingPlan,
  planRequest,
} from "../../sdk/routing/planner";
import type {
  PlanConfiguration,
  PlanCustomProvider,
  PlanProviderKey,
} from "../../sdk/routing/types";

/** Provider keys of a test account, listed in creation order. */
export const providerKeys: PlanProviderKey[] = [
  {
    id: "aigpk_oa1",
    providerId: "openai",
    name: "OpenAI primary",
    createdAt: "2026-07-01T10:00:00Z",
  },
  {
    id: "aigpk_an1",
    providerId: "anthropic",
    name: "Anthropic",
    createdAt: "2026-07-01T11:00:00Z",
  },
  {
    id: "aigpk_oa2",
    providerId: "openai",
    name: "OpenAI backup",
    createdAt: "2026-07-01T12:00:00Z",
  },
  { id: "aigpk_ol1", providerId: "my-ollama", name: "Ollama", createdAt: "2026-07-01T13:00:00Z" },
  { id: "aigpk_gq1", providerId: "groq", name: "Groq", createdAt: "2026-07-01T14:00:00Z" },
];

/** One custom provider, `my-ollama` (`aigp_ollama`). */
export const customProviders: PlanCustomProvider[] = [
  { id: "aigp_ollama", providerId: "my-ollama", models: [{ modelId: "llama3.2" }] },
];

/** A key as a router step lists it (read shape). */
export function stepKey(id: string): { id: string; name: string; keyRedacted: string } {
  const key = providerKeys.find((k) => k.id === id);
  return { id, name: key?.name ?? id, keyRedacted: `${id.slice(0, 6)}***wxyz` };
}

/** A configuration with the given access and router, linked as `aigac_test`. */
export function configuration(
  fields: Omit<PlanConfiguration, "id" | "name"> = {},
): PlanConfiguration {
  return { id: "aigac_test", name: "test-config", ...fields };
}

/** An access key linked to `aigac_test`. */
export const linkedKey = { id: "aigk_linked", accessKeyConfigurationId: "aigac_test" };

/** An access key without configuration. */
export const unlinkedKey = { id: "aigk_free" };

/**
 * Plans a request in this account: for the linked key with `config`, or for the unlinked key when
 * it is undefined, with every provider key and the custom provider; `fields` adds the model and
 * anything else of the request.
 */
export function planFor(
  config: PlanConfiguration | undefined,
  fields: Partial<PlanInput> = {},
  options: PlanOptions = {},
): RoutingPlan {
  return planRequest(
    {
      accessKey: config === undefined ? unlinkedKey : linkedKey,
      configuration: config,
      providerKeys,
      customProviders,
      ...fields,
    },
    options,
  );
}
