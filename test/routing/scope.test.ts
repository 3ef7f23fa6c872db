import {
  accessKeyAllows,
  customProviderResolver,
  scopeAdmits,
  type ScopeDecision,
} from "../../sdk/routing/scope";
import { RoutingInputError } from "../../sdk/routing/errors";
import type { AccessScopeInput } from "../../sdk/routing/types";
import { configuration, customProviders, linkedKey, unlinkedKey } from "./fixtures";

const resolveProvider = customProviderResolver(customProviders);

type Row = [string, AccessScopeInput | undefined, string, Partial<ScopeDecision>];

describe("scopeAdmits", () => {
  const rows: Row[] = [
    // valid row: both dimensions list the model
    [
      "admits a model listed in both dimensions, naming the entries",
      { providers: { allow: ["anthropic", "openai"] }, models: { allow: ["openai/gpt-4o"] } },
      "openai:gpt-4o",
      { allowed: true, admittedBy: { providers: 1, models: 0 } },
    ],
    [
      "admits everything when access is absent",
      undefined,
      "deepseek:deepseek-chat",
      {
        allowed: true,
        admittedBy: { providers: "unrestricted", models: "unrestricted" },
        unrestricted: "no-access",
      },
    ],
    [
      "treats a dimension without allow as unrestricted",
      { providers: { allow: ["openai"] }, models: {} },
      "openai:o3-mini",
      { allowed: true, admittedBy: { providers: 0, models: "unrestricted" } },
    ],
    [
      "treats a missing models dimension as unrestricted",
      { providers: { allow: ["openai"] } },
      "openai:anything-new",
      { allowed: true, admittedBy: { providers: 0, models: "unrestricted" } },
    ],
    [
      "admits nothing on a providers dimension with allow: []",
      { providers: { allow: [] } },
      "openai:gpt-4o",
      { allowed: false, dimension: "providers", code: "ERR_NGROK_27231", allow: [] },
    ],
    [
      "admits nothing on a models dimension with allow: []",
      { models: { allow: [] } },
      "openai:gpt-4o",
      { allowed: false, dimension: "models", code: "ERR_NGROK_27232" },
    ],
    [
      "rejects a provider outside the allow-list with the gateway's message",
      { providers: { allow: ["anthropic"] } },
      "openai:gpt-4o",
      {
        allowed: false,
        dimension: "providers",
        message: 'Provider "openai" is not allowed by the access policy',
      },
    ],
    [
      "rejects a model outside the allow-list with the gateway's message",
      { models: { allow: ["openai:gpt-4o"] } },
      "openai:o1",
      {
        allowed: false,
        dimension: "models",
        message: 'Model "openai:o1" is not allowed by the access policy',
      },
    ],
    [
      "checks providers before models when both reject",
      { providers: { allow: ["anthropic"] }, models: { allow: [] } },
      "openai:gpt-4o",
      { allowed: false, dimension: "providers" },
    ],
    [
      "admits a custom provider by its aigp_ id",
      { providers: { allow: ["aigp_ollama"] } },
      "my-ollama:llama3.2",
      { allowed: true, admittedBy: { providers: 0, models: "unrestricted" } },
    ],
    [
      "does not admit a built-in provider through an unrelated aigp_ id",
      { providers: { allow: ["aigp_ollama"] } },
      "openai:gpt-4o",
      { allowed: false, dimension: "providers" },
    ],
    [
      "matches provider ids exactly",
      { providers: { allow: ["OpenAI"] } },
      "openai:gpt-4o",
      { allowed: false, dimension: "providers" },
    ],
  ];

  it.each(rows)("%s", (_title, access, ref, expected) => {
    expect(scopeAdmits(access, ref, { resolveProvider })).toMatchObject(expected);
  });

  it.each([
    ["openai:gpt-4o", "openai/gpt-4o"],
    ["openai:gpt-4o", "openai:openai/gpt-4o"],
    ["openai/gpt-4o", "openai:gpt-4o"],
    ["openai:GPT-4o", "openai:gpt-4o"],
    ["gpt-4o", "openai:gpt-4o"],
    ["groq:openai/gpt-oss-20b", "groq:openai/gpt-oss-20b"],
  ])(
    "admits request %s through allow entry %s (any form, model case-insensitive)",
    (ref, entry) => {
      expect(scopeAdmits({ models: { allow: [entry] } }, ref)).toMatchObject({
        allowed: true,
        entries: { models: entry },
      });
    },
  );

  it.each([
    ["groq:gpt-oss-20b", "groq:openai/gpt-oss-20b"],
    ["openrouter:gpt-4o", "openai/gpt-4o"],
    ["openai:gpt-4o-mini", "openai:gpt-4o"],
  ])("does not admit %s through allow entry %s", (ref, entry) => {
    expect(scopeAdmits({ models: { allow: [entry] } }, ref).allowed).toBe(false);
  });

  it("reads a bare allow entry through the catalog unless told not to", () => {
    const access = { models: { allow: ["gpt-4o"] } };
    expect(scopeAdmits(access, "openai:gpt-4o").allowed).toBe(true);
    expect(scopeAdmits(access, "openai:gpt-4o", { bareModelEntries: "never" }).allowed).toBe(false);
  });

  it("resolves a bare request name through the catalog before checking providers", () => {
    expect(scopeAdmits({ providers: { allow: ["anthropic"] } }, "claude-sonnet-4-6").allowed).toBe(
      true,
    );
  });
});

describe("accessKeyAllows", () => {
  it("allows everything for an access key without configuration", () => {
    expect(accessKeyAllows(unlinkedKey, undefined, "deepseek:deepseek-chat")).toMatchObject({
      allowed: true,
      unrestricted: "no-configuration",
    });
  });

  it("applies the linked configuration's scope", () => {
    const config = configuration({ access: { models: { allow: ["openai:gpt-4o"] } } });
    expect(accessKeyAllows(linkedKey, config, "openai:gpt-4o").allowed).toBe(true);
    expect(accessKeyAllows(linkedKey, config, "openai:o1").allowed).toBe(false);
  });

  it("resolves aigp_ entries from the custom providers given", () => {
    const config = configuration({ access: { providers: { allow: ["aigp_ollama"] } } });
    expect(accessKeyAllows(linkedKey, config, "my-ollama:llama3.2").allowed).toBe(false);
    expect(
      accessKeyAllows(linkedKey, config, "my-ollama:llama3.2", { customProviders }).allowed,
    ).toBe(true);
  });

  it("throws when the linked configuration is missing or another one is given", () => {
    expect(() => accessKeyAllows(linkedKey, undefined, "openai:gpt-4o")).toThrow(RoutingInputError);
    expect(() => accessKeyAllows(linkedKey, { id: "aigac_other" }, "openai:gpt-4o")).toThrow(
      /links configuration aigac_test, not aigac_other/,
    );
  });
});
