import { ruleTable } from "../helpers";

describe("plaintext-secret", () => {
  ruleTable("plaintext-secret", [
    {
      name: "a literal key value is flagged at the value, without echoing it",
      gateway: `version: 1
providerKeys:
  openai-primary:
    providerId: openai
    value: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789
`,
      expect: [{ at: "5:12-5:56", includes: ["pulumi config set --secret"] }],
    },
    {
      name: "a secret or env reference raises nothing",
      gateway: `version: 1
providerKeys:
  a: { providerId: openai, value: { secret: openaiPrimary } }
  b: { providerId: openai, value: { env: OPENAI_BACKUP_KEY } }
`,
      expect: [],
    },
  ]);
});
