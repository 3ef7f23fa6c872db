import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { parseGateway } from "../../sdk/gitops/load";
import { lintGateways } from "../../sdk/policy/lint";
import { POLICY_RULE_IDS } from "../../sdk/policy/types";
import { TODAY, policyOf } from "./helpers";

// 10,000 mutated gateway.yaml files (4 seeded runs of 2,500): lint never throws, and every
// result is a finding of a known rule with a position inside the file.
const fixtures = path.join(__dirname, "..", "fixtures");
const corpus = [
  "policy/gateway.yaml",
  "policy/base.yaml",
  "policy/clean.yaml",
  "gateway/anchors.yaml",
  "gateway/valid-full.yaml",
].map((file) => fs.readFileSync(path.join(fixtures, file), "utf8"));
const policy = policyOf(fs.readFileSync(path.join(fixtures, "policy", "policy.yaml"), "utf8"));

const TOKENS = [
  ":",
  "-",
  "- ",
  "[",
  "]",
  "{",
  "}",
  ",",
  "&a ",
  "*a",
  "<<: ",
  "#",
  "# aigw-ignore disallowed-model until 2027-01-01: x",
  "\n",
  "  ",
  "\t",
  "'",
  '"',
  "!",
  "!!str ",
  "|",
  ">",
  "?",
  "%",
  "@",
  "`",
  "~",
  "null",
  "[]",
  "{}",
  "allow",
  "access",
  "providers",
  "models",
  "configuration",
  "openai:o1-preview",
  "deepseek",
  "*:*",
  "\u00e9",
  "\ud83d\ude00",
  "\u0000",
];

type Mutation = (text: string) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(40)).map(([at, length]): Mutation => (text) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + text.slice(i + length);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)).map(([at, token]): Mutation => (text) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + token + text.slice(i);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (text) => {
    const lines = text.split("\n");
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
    return lines.join("\n");
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([a, shift]): Mutation => (text) => {
    const lines = text.split("\n");
    const i = a % lines.length;
    const line = lines[i] ?? "";
    lines[i] =
      shift >= 0 ? " ".repeat(shift) + line : line.replace(new RegExp(`^ {0,${-shift}}`), "");
    return lines.join("\n");
  }),
  fc.nat().map((a): Mutation => (text) => {
    const lines = text.split("\n");
    const i = a % lines.length;
    lines.splice(i, 0, lines[i] ?? "");
    return lines.join("\n");
  }),
);

const mutatedYaml = fc
  .tuple(fc.nat(corpus.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([index, mutations]) => mutations.reduce((text, m) => m(text), corpus[index] ?? ""));

const RULES = new Set<string>(POLICY_RULE_IDS);

/** Throws (failing the property) unless every finding is a known rule with a position in the file. */
function checkLint(text: string): void {
  const result = lintGateways([parseGateway(text, "fuzz.yaml")], policy, { today: TODAY });
  const lines = text.split(/\r?\n|\r/).length;
  const isPosition = (p: { line: number; column: number }): boolean =>
    Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1;
  for (const f of result.findings) {
    const { start, end } = f.range;
    const ordered =
      end.line > start.line || (end.line === start.line && end.column >= start.column);
    const inFile = f.file !== "fuzz.yaml" || start.line <= lines + 1;
    if (
      !RULES.has(f.rule) ||
      f.message === "" ||
      !isPosition(start) ||
      !isPosition(end) ||
      !ordered ||
      !inFile
    ) {
      throw new Error(`bad finding ${JSON.stringify(f)}`);
    }
  }
}

describe("lint fuzz", () => {
  it.each([1, 2, 3, 4])("never crashes on 2,500 mutated files (seed %i)", (seed) => {
    fc.assert(fc.property(mutatedYaml, checkLint), {
      seed,
      numRuns: Number(process.env.FUZZ_RUNS ?? 2500),
    });
  });
});
