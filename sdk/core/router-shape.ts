// The one walk over a configuration's router: rules → steps → keys. A router has several shapes
// (the API's read and write bodies, the emulator's stored rows, the planner's input, gateway.yaml's
// logical names, Pulumi inputs), which differ only in what a step's key is; everything else reads
// and maps routers through these functions, so absent and empty stay apart the same way everywhere.

/** One step of a routing rule whose keys are `K`: `user` tries its keys in order, `ngrok` uses managed inference. */
export interface RouterStepShape<K> {
  readonly type: "user" | "ngrok";
  readonly keys?: readonly K[] | undefined;
  readonly keySelectionStrategy?: "ordered" | undefined;
}

/** A routing rule scoped by `provider`, `model` or both, its steps a fallback chain. */
export interface RouterRuleShape<K> {
  readonly provider?: string | undefined;
  readonly model?: string | undefined;
  readonly steps: readonly RouterStepShape<K>[];
}

/** A configuration's router whose step keys are `K`; `rules` absent ⇒ default routing. */
export interface RouterShape<K> {
  readonly rules?: readonly RouterRuleShape<K>[] | undefined;
}

/** Where a key sits in a router: its rule, its step within the rule, its place within the step. */
export interface RouterKeyPosition {
  readonly ruleIndex: number;
  readonly stepIndex: number;
  readonly keyIndex: number;
}

/** A step as {@link mapRouter} writes it: optional fields absent rather than undefined. */
export interface MappedRouterStep<K> {
  type: "user" | "ngrok";
  keys?: K[];
  keySelectionStrategy?: "ordered";
}

/** A rule as {@link mapRouter} writes it. */
export interface MappedRouterRule<K> {
  provider?: string;
  model?: string;
  steps: MappedRouterStep<K>[];
}

/** A router as {@link mapRouter} writes it. */
export interface MappedRouter<K> {
  rules?: MappedRouterRule<K>[];
}

/**
 * The router with every step key mapped by `key` (in failover order) and everything else kept:
 * a field absent in the input is absent in the output (never `undefined`), `keys: []` stays
 * empty, and `rules` absent stays absent. `strategy` may rewrite `keySelectionStrategy`
 * (returning undefined drops it).
 */
export function mapRouter<A, B>(
  router: RouterShape<A>,
  key: (key: A, at: RouterKeyPosition) => B,
  strategy: (value: "ordered" | undefined) => "ordered" | undefined = (value) => value,
): MappedRouter<B> {
  if (router.rules === undefined) return {};
  return {
    rules: router.rules.map((rule, ruleIndex) => {
      const out: MappedRouterRule<B> = {
        ...(rule.provider === undefined ? {} : { provider: rule.provider }),
        ...(rule.model === undefined ? {} : { model: rule.model }),
        steps: rule.steps.map((step, stepIndex) => {
          const keySelectionStrategy = strategy(step.keySelectionStrategy);
          return {
            type: step.type,
            ...(step.keys === undefined
              ? {}
              : {
                  keys: step.keys.map((k, keyIndex) => key(k, { ruleIndex, stepIndex, keyIndex })),
                }),
            ...(keySelectionStrategy === undefined ? {} : { keySelectionStrategy }),
          };
        }),
      };
      return out;
    }),
  };
}

/** Every step key of a router, in failover order (rule by rule, step by step), with its position. */
export function* routerKeys<K>(
  router: RouterShape<K> | null | undefined,
): Generator<{ readonly key: K; readonly at: RouterKeyPosition }> {
  for (const [ruleIndex, rule] of (router?.rules ?? []).entries()) {
    for (const [stepIndex, step] of rule.steps.entries()) {
      for (const [keyIndex, key] of (step.keys ?? []).entries()) {
        yield { key, at: { ruleIndex, stepIndex, keyIndex } };
      }
    }
  }
}
