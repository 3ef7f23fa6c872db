/**
 * The inputs of the routing core: the subset of the API read shapes (spec 3.1–3.4) that routing
 * depends on. They are structural and read-only, so the client's response types, the emulator's
 * store rows and objects built from a `gateway.yaml` all fit without conversion.
 */

/** One dimension of an access scope: `allow` absent ⇒ unrestricted, `allow: []` ⇒ nothing. */
export interface AccessDimensionInput {
  readonly allow?: readonly string[] | undefined;
}

/** A configuration's `access` object: both dimensions must admit a model. */
export interface AccessScopeInput {
  readonly providers?: AccessDimensionInput | undefined;
  readonly models?: AccessDimensionInput | undefined;
}

/** A provider key attached to a `user` step (read shape: `{id, name, keyRedacted}`). */
export interface RouterStepKeyInput {
  readonly id: string;
  readonly name?: string | undefined;
  readonly keyRedacted?: string | undefined;
}

/** One step of a routing rule: `user` tries its keys in order, `ngrok` uses managed inference. */
export interface RouterStepInput {
  readonly type: "user" | "ngrok";
  readonly keys?: readonly RouterStepKeyInput[] | undefined;
  readonly keySelectionStrategy?: "ordered" | undefined;
}

/** A routing rule scoped by `provider`, by `model`, or both; its steps are a fallback chain. */
export interface RouterRuleInput {
  readonly provider?: string | undefined;
  readonly model?: string | undefined;
  readonly steps: readonly RouterStepInput[];
}

/** A configuration's `router`; absent ⇒ default routing. */
export interface RouterInput {
  readonly rules?: readonly RouterRuleInput[] | undefined;
}

/** An access key configuration, as far as routing reads it. */
export interface PlanConfiguration {
  /** The `aigac_…` id; when given, it must be the one the access key links. */
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  /** Absent (or null) ⇒ allow-all. */
  readonly access?: AccessScopeInput | null | undefined;
  /** Absent (or null) ⇒ default routing. */
  readonly router?: RouterInput | null | undefined;
}

/** The access key a request authenticated with. */
export interface PlanAccessKey {
  /** The `aigk_…` id. */
  readonly id: string;
  /** The linked configuration's id; absent or null ⇒ no configuration (allow-all). */
  readonly accessKeyConfigurationId?: string | null | undefined;
}

/** A provider key of the account (read shape subset). */
export interface PlanProviderKey {
  /** The `aigpk_…` id. */
  readonly id: string;
  /** The provider the key authenticates against (`openai`, or a custom providerId). */
  readonly providerId: string;
  readonly name: string;
  /** RFC 3339; orders the keys used when an access key has no configuration. */
  readonly createdAt: string;
}

/** A user-defined provider of the account (read shape subset). */
export interface PlanCustomProvider {
  /** The `aigp_…` id; `providers.allow` entries may use it. */
  readonly id: string;
  /** The provider id used in model names (`my-ollama:llama3.2`). */
  readonly providerId: string;
  readonly models?: readonly { readonly modelId: string }[] | undefined;
}
