import { ruleTable } from "../helpers";

/** A gateway.yaml whose gatewayConfig holds `lines` (each indented under it). */
const config = (...lines: string[]): string =>
  ["version: 1", "gatewayConfig:", ...lines.map((l) => `  ${l}`), ""].join("\n");

describe("timeout-order", () => {
  ruleTable("timeout-order", [
    {
      name: "a per-request timeout longer than the total is flagged at perRequestTimeout",
      gateway: config("perRequestTimeout: 5m", "totalTimeout: 2m"),
      expect: [
        {
          at: "3:22-3:24",
          severity: "warn",
          path: "gatewayConfig.perRequestTimeout",
          includes: [
            "gatewayConfig.perRequestTimeout 5m is not shorter than totalTimeout 2m",
            "no request fails over",
            "Make perRequestTimeout shorter than totalTimeout",
          ],
        },
      ],
    },
    {
      name: "equal timeouts, written differently, are flagged too",
      gateway: config("totalTimeout: 90s", "perRequestTimeout: 1m30s"),
      expect: [{ at: "4:22-4:27", includes: ["1m30s is not shorter than totalTimeout 90s"] }],
    },
    {
      name: "a shorter per-request timeout, or only one of the two, raises nothing",
      gateway: config("perRequestTimeout: 59.5s", "totalTimeout: 1m"),
      expect: [],
    },
    {
      name: "only one timeout written raises nothing (the other is the account's)",
      gateway: config("perRequestTimeout: 10m"),
      expect: [],
    },
    {
      name: "a duration the schema refuses is left to the schema rule",
      gateway: config("perRequestTimeout: 5 minutes", "totalTimeout: 2m"),
      expect: [],
    },
  ]);
});
