import type { AuditFields, EmulatorStore, Page, PageQuery } from "../store/store";
import {
  type Handler,
  type HandlerResult,
  type RequestContext,
  listEnvelope,
  pageQuery,
  principalRef,
} from "./context";
import { notFound } from "./error-codes";
import { type Body, rejectUnknownFields } from "./validate";

/** One kind of object of the management API, as the shared list/get/update/delete handlers see it. */
export interface ObjectKind<R extends { readonly id: string }> {
  /** Its name in messages, such as "provider key". */
  readonly kind: string;
  /** The field of its list envelope, such as `aiGatewayProviderKeys`. */
  readonly listField: string;
  /** The stored object with this id. */
  readonly find: (store: EmulatorStore, id: string) => R | undefined;
  /** Its API shape. */
  readonly render: (ctx: RequestContext, record: R) => Record<string, unknown>;
}

/** The object the path's id names; 404 (27611) when there is none. */
export function load<R extends { readonly id: string }>(ctx: RequestContext, of: ObjectKind<R>): R {
  const id = ctx.params[0]!;
  const record = of.find(ctx.store, id);
  if (record === undefined) throw notFound(of.kind, id);
  return record;
}

/** The audit fields of an object made now by the request's principal. */
export function created(now: string, principal: string): AuditFields {
  return { createdAt: now, updatedAt: now, createdBy: principal, lastUpdatedBy: principal };
}

/** The audit fields of an object as the API shows them (principals as `{id, uri}` refs). */
export function renderAudit(baseUrl: string, record: AuditFields): Record<string, unknown> {
  return {
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: principalRef(baseUrl, record.createdBy),
    lastUpdatedBy: principalRef(baseUrl, record.lastUpdatedBy),
  };
}

/** GET/HEAD of a collection: one page of `list` (newest first) in the list envelope. */
export function listHandler<R extends { readonly id: string }>(
  of: ObjectKind<R>,
  list: (store: EmulatorStore, page: PageQuery, ctx: RequestContext) => Page<R>,
): Handler {
  return (ctx) => {
    const page = list(ctx.store, pageQuery(ctx.url), ctx);
    return listEnvelope(ctx, of.listField, page, (record) => of.render(ctx, record));
  };
}

/** GET/HEAD of one object. */
export function getHandler<R extends { readonly id: string }>(of: ObjectKind<R>): Handler {
  return (ctx) => ({ status: 200, body: of.render(ctx, load(ctx, of)) });
}

/** How a change to one object is read from its body and applied (see `changeHandler`). */
export interface Change<R, P> {
  /** The fields the body may hold; any other is rejected. */
  readonly fields: readonly string[];
  /** Checks the body (before the object is looked up, so a bad body is a 400 even for a missing id). */
  readonly parse: (body: Body, ctx: RequestContext) => P;
  /** The object with the change applied; runs in the transaction that saves it. */
  readonly apply: (ctx: RequestContext, record: R, change: P) => R;
  /** Saves the changed object. */
  readonly save: (store: EmulatorStore, record: R, change: P) => void;
}

/**
 * PATCH of one object (or another change of it, such as a rotation): reads and checks the body,
 * then in one transaction loads the object, applies the change, stamps `updatedAt` and
 * `lastUpdatedBy`, and saves it; answers 200 with the new object.
 */
export function changeHandler<R extends AuditFields & { readonly id: string }, P>(
  of: ObjectKind<R>,
  change: Change<R, P>,
): Handler {
  return async (ctx): Promise<HandlerResult> => {
    const body = await ctx.body();
    rejectUnknownFields(body, change.fields);
    const parsed = change.parse(body, ctx);
    const updated = ctx.store.transaction(() => {
      const next: R = {
        ...change.apply(ctx, load(ctx, of), parsed),
        updatedAt: ctx.now,
        lastUpdatedBy: ctx.principal,
      };
      change.save(ctx.store, next, parsed);
      return next;
    });
    return { status: 200, body: of.render(ctx, updated) };
  };
}

/**
 * DELETE of one object: in one transaction, loads it and hands it to `remove`, which refuses
 * (throws) while something still refers to it, else deletes it; answers 204.
 */
export function deleteHandler<R extends { readonly id: string }>(
  of: ObjectKind<R>,
  remove: (ctx: RequestContext, record: R) => void,
): Handler {
  return (ctx) => {
    ctx.store.transaction(() => remove(ctx, load(ctx, of)));
    return { status: 204 };
  };
}
