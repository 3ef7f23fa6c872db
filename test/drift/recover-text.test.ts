import type { LiveAccount } from "../../sdk/drift/live";
import { matchPendingOperations } from "../../sdk/drift/match";
import { pendingOperationsOf } from "../../sdk/drift/pending";
import type { RecoveryPlan } from "../../sdk/drift/recover";
import { formatRecoveryPlan, formatRecoveryResult } from "../../sdk/drift/recover-text";
import type { StackDocument } from "../../sdk/drift/state";
import { normalizeRouter } from "../../sdk/state/access-key-configuration";
import { accessKey, configuration, pendingOperation, stackDocument, urnOf } from "./fixtures";

const API_URL = "https://api.ngrok.ai";

function plan(pending: Record<string, unknown>[], live: LiveAccount): RecoveryPlan {
  const document = stackDocument([], pending) as unknown as StackDocument;
  const operations = pendingOperationsOf(document, "dev");
  const matches = matchPendingOperations({ pending: operations, managed: [], live });
  const ambiguous = matches.filter((m) => m.resolution === "ambiguous");
  return {
    stack: "dev",
    apiUrl: API_URL,
    matches,
    foreign: [],
    blockers: ambiguous.map((m) => `the pending create of ${m.operation.urn} is ambiguous`),
    nothingToDo: false,
  };
}

describe("formatRecoveryPlan", () => {
  const recoverable = plan(
    [
      pendingOperation("accessKeyConfiguration", "team", {
        name: "search-team",
        access: configuration().access,
        router: normalizeRouter(configuration().router),
      }),
      pendingOperation("accessKey", "web", {
        name: "search-prod",
        accessKeyConfigurationId: "aigac_1",
      }),
      pendingOperation("accessKey", "batch", { name: "batch" }),
    ],
    {
      accessKeyConfigurations: [configuration({ id: "aigac_made" })],
      accessKeys: [accessKey({ id: "aigk_made" })],
    },
  );

  it("lists what it adopts, deletes and clears, with the command that deletes each access key", () => {
    const text = formatRecoveryPlan(recoverable, false);
    expect(text).toContain('Stack "dev" holds 3 pending operations left by an interrupted update');
    expect(text).toContain(
      'ADOPT      access key configuration "team": aigac_made (created 2026-01-01T00:00:00Z)',
    );
    expect(text).toContain('DELETE     access key "web": aigk_made');
    expect(text).toContain('CLEAR      access key "batch": no live object matches');
    expect(text).toContain(
      `curl -fsS -X DELETE -H "Authorization: Bearer $NGROK_AI_API_KEY" '${API_URL}/access-keys/aigk_made'`,
    );
    expect(text).toContain("`aigw recover --stack dev --yes` will:");
    expect(text).toContain("pulumi stack import --stack dev --file <that file>");
    expect(text).toContain("pulumi up --refresh --yes --stack dev");
  });

  it("says nothing is changed while a create is ambiguous, and how to decide", () => {
    const inputs = { name: "search-prod", accessKeyConfigurationId: "aigac_1" };
    const blocked = plan([pendingOperation("accessKey", "web", inputs)], {
      accessKeys: [accessKey({ id: "aigk_a" }), accessKey({ id: "aigk_b" })],
    });
    const text = formatRecoveryPlan(blocked, true);
    expect(text).toContain('AMBIGUOUS  access key "web": 2 live objects match');
    expect(text).toContain(`--match '${urnOf("accessKey", "web")}=<id>'`);
    expect(text).toContain("Nothing is changed until every pending create is resolved:");
    expect(text).not.toContain("curl");
  });

  it("says so when there is nothing to recover", () => {
    const text = formatRecoveryPlan({ ...recoverable, matches: [], nothingToDo: true }, true);
    expect(text).toBe('Stack "dev" has no pending operations: nothing to recover.\n');
  });

  it("reports what was done and what to run next", () => {
    const text = formatRecoveryResult(recoverable, {
      adopted: [{ urn: urnOf("accessKeyConfiguration", "team"), id: "aigac_made" }],
      deleted: [{ urn: urnOf("accessKey", "web"), id: "aigk_made" }],
      cleared: [urnOf("accessKey", "batch")],
      stateWritten: true,
    });
    expect(text).toBe(
      'Recovered stack "dev": adopted 1 object, deleted 1 access key, cleared 1 pending operation.\n' +
        "Next: pulumi up --refresh --yes --stack dev\n",
    );
  });
});
