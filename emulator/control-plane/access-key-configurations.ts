import { parseModelName } from "pulumi-ngrok-ai/core";
import { routerWithKeyDetails } from "pulumi-ngrok-ai/routing";
import { ManagementApiError } from "../errors";
import { ID_PREFIX } from "../store/ids";
import type {
  AccessKeyConfigurationRecord,
  AccessScope,
  StoredRouter,
  StoredRouterRule,
  StoredRouterStep,
} from "../store/store";
import { type Handler, type HandlerResult, type RequestContext, optionalFields } from "./context";
import * as crud from "./crud";
import { ERROR_CODES, ValidationError, invalid } from "./error-codes";
import { createProviderKey } from "./provider-keys";
import {
  type Body,
  DESCRIPTION_RULE,
  METADATA_RULE,
  NAME_RULE,
  isObject,
  merge,
  optionalString,
  patchRequiredString,
  patchString,
  rejectUnknownFields,
  requiredString,
  stringArray,
} from "./validate";

const FIELDS = ["name", "description", "metadata", "access", "router"];
const NAME = { ...NAME_RULE, missingCode: ERROR_CODES.requiredMissing };

function routerError(reason: string, at: string): ValidationError {
  return new ValidationError(
    ERROR_CODES.invalidRouter,
    `invalid router configuration: ${at}: ${reason}`,
    {
      reason,
      field: at,
    },
  );
}

/** Checks `access` (AccessScope): two optional dimensions, each with an optional `allow` list. */
export function parseAccess(value: unknown): AccessScope {
  if (!isObject(value)) throw invalid("access must be an object", { field: "access" });
  rejectUnknownFields(value, ["providers", "models"], "access.");
  const out: AccessScope = {};
  for (const dim of ["providers", "models"] as const) {
    const raw = value[dim];
    if (raw === undefined) continue;
    if (!isObject(raw))
      throw invalid(`access.${dim} must be an object`, { field: `access.${dim}` });
    rejectUnknownFields(raw, ["allow"], `access.${dim}.`);
    out[dim] =
      raw.allow === undefined ? {} : { allow: stringArray(raw.allow, `access.${dim}.allow`) };
  }
  return out;
}

/** A router step key as written: an existing key's id, or an inline new key. */
type KeyWrite = { id: string } | { name: string; value: string };
type StepWrite = { type: "user" | "ngrok"; keys?: KeyWrite[]; keySelectionStrategy?: "ordered" };
type RuleWrite = { provider?: string; model?: string; steps: StepWrite[] };

/** Checks the shape of `router` (RouterWrite) without looking anything up. */
export function parseRouterShape(value: unknown): { rules?: RuleWrite[] } {
  if (!isObject(value)) throw routerError("router must be an object", "router");
  for (const key of Object.keys(value))
    if (key !== "rules") throw routerError(`unknown field "${key}"`, "router");
  if (value.rules === undefined) return {};
  if (!Array.isArray(value.rules)) throw routerError("rules must be an array", "router.rules");
  const rules = value.rules.map((raw: unknown, i): RuleWrite => {
    const at = `router.rules[${i}]`;
    if (!isObject(raw)) throw routerError("a rule must be an object", at);
    for (const key of Object.keys(raw)) {
      if (!["provider", "model", "steps"].includes(key))
        throw routerError(`unknown field "${key}"`, at);
    }
    const rule: RuleWrite = { steps: [] };
    for (const field of ["provider", "model"] as const) {
      const v = raw[field];
      if (v === undefined) continue;
      if (typeof v !== "string" || v === "")
        throw routerError(`${field} must be a non-empty string`, `${at}.${field}`);
      rule[field] = v;
    }
    if (raw.steps === undefined) throw routerError("steps is required", `${at}.steps`);
    if (!Array.isArray(raw.steps)) throw routerError("steps must be an array", `${at}.steps`);
    if (raw.steps.length === 0) throw routerError("a rule needs at least one step", `${at}.steps`);
    rule.steps = raw.steps.map((s: unknown, j) => parseStep(s, `${at}.steps[${j}]`));
    return rule;
  });
  return { rules };
}

function parseStep(raw: unknown, at: string): StepWrite {
  if (!isObject(raw)) throw routerError("a step must be an object", at);
  for (const key of Object.keys(raw)) {
    if (!["type", "keys", "keySelectionStrategy"].includes(key))
      throw routerError(`unknown field "${key}"`, at);
  }
  if (raw.type !== "user" && raw.type !== "ngrok")
    throw routerError('type must be "user" or "ngrok"', `${at}.type`);
  const step: StepWrite = { type: raw.type };
  if (raw.keySelectionStrategy !== undefined) {
    if (raw.keySelectionStrategy !== "ordered") {
      throw routerError('keySelectionStrategy must be "ordered"', `${at}.keySelectionStrategy`);
    }
    step.keySelectionStrategy = "ordered";
  }
  if (raw.keys === undefined) {
    if (step.type === "user") throw routerError("keys is required on a user step", `${at}.keys`);
    return step;
  }
  if (step.type === "ngrok") throw routerError("keys are allowed only on user steps", `${at}.keys`);
  if (!Array.isArray(raw.keys)) throw routerError("keys must be an array", `${at}.keys`);
  step.keys = raw.keys.map((k: unknown, n): KeyWrite => {
    const kat = `${at}.keys[${n}]`;
    if (!isObject(k)) throw routerError("a key must be an object", kat);
    for (const key of Object.keys(k)) {
      if (!["id", "name", "value"].includes(key)) throw routerError(`unknown field "${key}"`, kat);
    }
    if (k.id !== undefined) {
      if (typeof k.id !== "string" || k.id === "")
        throw routerError("id must be a non-empty string", `${kat}.id`);
      if (k.name !== undefined || k.value !== undefined) {
        throw routerError("give either id, or name and value, not both", kat);
      }
      return { id: k.id };
    }
    if (typeof k.value !== "string" || k.value === "") {
      throw routerError("a key needs an id, or a name and a non-empty value", kat);
    }
    if (typeof k.name !== "string" || k.name === "")
      throw routerError("name is required with value", `${kat}.name`);
    if ([...k.name].length > 255)
      throw routerError("name must be at most 255 characters", `${kat}.name`);
    return { name: k.name, value: k.value };
  });
  return step;
}

/**
 * Resolves a provider reference (catalog id, custom providerId or `aigp_` id) to the providerId
 * keys are filed under, or undefined when nothing of that name exists.
 */
function resolveProvider(
  ctx: RequestContext,
  ref: string,
): { providerId: string; builtin: boolean } | undefined {
  if (ctx.settings.builtinProviders.includes(ref)) return { providerId: ref, builtin: true };
  const custom = ref.startsWith("aigp_")
    ? ctx.store.getProvider(ref)
    : ctx.store.getProviderByProviderId(ref);
  return custom === undefined ? undefined : { providerId: custom.providerId, builtin: false };
}

/**
 * Checks a router's references and creates its inline keys; runs inside the caller's
 * transaction. Each rule's provider (from `provider`, or the part of `model` before the first
 * `:`) must exist; every referenced key must exist and belong to that provider; `ngrok` steps
 * serve catalog providers only; at most one provider-only rule per upstream and one rule per
 * model (INFERRED from "at most one provider rule per upstream").
 */
export function resolveRouter(ctx: RequestContext, router: { rules?: RuleWrite[] }): StoredRouter {
  if (router.rules === undefined) return {};
  const providerRules = new Set<string>();
  const modelRules = new Set<string>();
  const rules = router.rules.map((rule, i): StoredRouterRule => {
    const at = `router.rules[${i}]`;
    let ref = rule.provider;
    if (rule.model !== undefined) {
      const parsed = parseModelName(rule.model);
      if (!rule.model.includes(":") || parsed.provider === undefined || parsed.model === "") {
        throw routerError(
          'model must be provider-qualified, such as "openai:openai/gpt-4o"',
          `${at}.model`,
        );
      }
      if (
        ref !== undefined &&
        resolveProvider(ctx, ref)?.providerId !== resolveProvider(ctx, parsed.provider)?.providerId
      ) {
        throw routerError(`model ${rule.model} does not belong to provider ${ref}`, `${at}.model`);
      }
      ref ??= parsed.provider;
    }
    if (ref === undefined) throw routerError("a rule needs a provider or a model", at);
    const provider = resolveProvider(ctx, ref);
    if (provider === undefined)
      throw routerError(`provider "${ref}" does not exist`, `${at}.provider`);
    if (rule.model === undefined) {
      if (providerRules.has(provider.providerId)) {
        throw routerError(`there is already a rule for provider ${provider.providerId}`, at);
      }
      providerRules.add(provider.providerId);
    } else {
      const key = `${provider.providerId}\n${parseModelName(rule.model).model.toLowerCase()}`;
      if (modelRules.has(key))
        throw routerError(`there is already a rule for model ${rule.model}`, at);
      modelRules.add(key);
    }
    const steps = rule.steps.map((step, j): StoredRouterStep => {
      const sat = `${at}.steps[${j}]`;
      if (step.type === "ngrok" && !provider.builtin) {
        throw routerError(
          `ngrok steps serve built-in providers only, not ${provider.providerId}`,
          sat,
        );
      }
      const out: StoredRouterStep = { type: step.type };
      if (step.keys !== undefined) {
        out.keys = step.keys.map((k, n) => {
          const kat = `${sat}.keys[${n}]`;
          if ("id" in k) {
            const existing = ctx.store.getProviderKey(k.id);
            if (existing === undefined)
              throw routerError(`provider key ${k.id} does not exist`, kat);
            if (existing.providerId !== provider.providerId) {
              throw routerError(
                `provider key ${k.id} belongs to provider ${existing.providerId}, not ${provider.providerId}`,
                kat,
              );
            }
            return { id: k.id };
          }
          return {
            id: createProviderKey(ctx, {
              providerId: provider.providerId,
              name: k.name,
              value: k.value,
            }).id,
          };
        });
      }
      if (step.keySelectionStrategy !== undefined)
        out.keySelectionStrategy = step.keySelectionStrategy;
      return out;
    });
    return {
      ...(rule.provider === undefined ? {} : { provider: rule.provider }),
      ...(rule.model === undefined ? {} : { model: rule.model }),
      steps,
    };
  });
  return { rules };
}

/** The read form of a router: each key as `{id, name, keyRedacted}` from the live provider key. */
export function renderRouter(
  ctx: { store: RequestContext["store"] },
  router: StoredRouter,
): Record<string, unknown> {
  return { ...routerWithKeyDetails(router, (id) => ctx.store.getProviderKey(id)) };
}

/** `AIGatewayAccessKeyConfiguration` for a stored configuration. */
export function renderConfiguration(
  ctx: RequestContext,
  c: AccessKeyConfigurationRecord,
): Record<string, unknown> {
  return {
    id: c.id,
    uri: `${ctx.baseUrl}/access-key-configurations/${c.id}`,
    name: c.name,
    ...crud.renderAudit(ctx.baseUrl, c),
    ...optionalFields({ description: c.description, metadata: c.metadata }),
    ...(c.access === null ? {} : { access: c.access }),
    ...(c.router === null ? {} : { router: renderRouter(ctx, c.router) }),
  };
}

const CONFIGURATION: crud.ObjectKind<AccessKeyConfigurationRecord> = {
  kind: "access key configuration",
  listField: "aiGatewayAccessKeyConfigurations",
  find: (store, id) => store.getAccessKeyConfiguration(id),
  render: renderConfiguration,
};

/** GET/HEAD /access-key-configurations */
export const listConfigurations: Handler = crud.listHandler(CONFIGURATION, (store, page) =>
  store.listAccessKeyConfigurations(page),
);

/** POST /access-key-configurations */
export async function createConfiguration(ctx: RequestContext): Promise<HandlerResult> {
  const body: Body = await ctx.body();
  rejectUnknownFields(body, FIELDS);
  const name = requiredString(body, "name", NAME);
  const description = optionalString(body, "description", DESCRIPTION_RULE);
  const metadata = optionalString(body, "metadata", METADATA_RULE);
  const access = body.access === undefined ? null : parseAccess(body.access);
  const routerShape = body.router === undefined ? undefined : parseRouterShape(body.router);
  const record = ctx.store.transaction(() => {
    const c: AccessKeyConfigurationRecord = {
      id: ctx.store.ids.next(ID_PREFIX.accessKeyConfiguration),
      name,
      description: description ?? null,
      metadata: metadata ?? null,
      access,
      router: routerShape === undefined ? null : resolveRouter(ctx, routerShape),
      ...crud.created(ctx.now, ctx.principal),
    };
    ctx.store.saveAccessKeyConfiguration(c);
    return c;
  });
  return { status: 201, body: renderConfiguration(ctx, record) };
}

/** GET/HEAD /access-key-configurations/{id} */
export const getConfiguration: Handler = crud.getHandler(CONFIGURATION);

/**
 * PATCH /access-key-configurations/{id}: omitted = unchanged, null = clear; `access` and
 * `router` are replaced wholesale (INFERRED for router). `name` cannot be cleared (INFERRED).
 */
export const updateConfiguration: Handler = crud.changeHandler(CONFIGURATION, {
  fields: FIELDS,
  parse: (body) => ({
    name: patchRequiredString(body, "name", NAME),
    description: patchString(body, "description", DESCRIPTION_RULE),
    metadata: patchString(body, "metadata", METADATA_RULE),
    access:
      body.access === undefined || body.access === null ? body.access : parseAccess(body.access),
    router:
      body.router === undefined || body.router === null
        ? body.router
        : parseRouterShape(body.router),
  }),
  apply: (ctx, c, patch) => ({
    ...c,
    name: patch.name ?? c.name,
    description: merge(c.description, patch.description),
    metadata: merge(c.metadata, patch.metadata),
    access: merge(c.access, patch.access),
    router:
      patch.router === undefined
        ? c.router
        : patch.router === null
          ? null
          : resolveRouter(ctx, patch.router),
  }),
  save: (store, c) => store.saveAccessKeyConfiguration(c),
});

/** DELETE /access-key-configurations/{id}: refused (409, 27615) while an access key links to it. */
export const deleteConfiguration: Handler = crud.deleteHandler(CONFIGURATION, (ctx, c) => {
  const users = ctx.store.accessKeysUsingConfiguration(c.id);
  if (users.length > 0) {
    throw new ManagementApiError(
      409,
      ERROR_CODES.inUse,
      `access key configuration ${c.id} is still linked to access key ${users.join(", ")}; unlink or delete those first`,
      { accessKeys: users.join(",") },
    );
  }
  ctx.store.deleteAccessKeyConfiguration(c.id);
});
