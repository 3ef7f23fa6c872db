import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import ts from "typescript";
import {
  GATEWAY_ERRORS,
  GATEWAY_ERRORS_SOURCE,
  GATEWAY_ERROR_CODES,
} from "../../sdk/routing/gateway-errors";
import { MODEL_NOT_ALLOWED, PROVIDER_NOT_ALLOWED } from "../../sdk/routing/scope";
import { GATEWAY_ERROR_CODES as EMULATOR_GATEWAY_ERROR_CODES } from "../../emulator/data-plane/gateway-error";

const root = path.join(__dirname, "..", "..");
const tableFile = path.join(root, "sdk", "routing", "gateway-error-codes.json");

/** The source files that answer with gateway error codes: the data plane, the planner, the scope. */
function codeUsers(): string[] {
  const dataPlane = path.join(root, "emulator", "data-plane");
  return [
    ...fs
      .readdirSync(dataPlane)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(dataPlane, f)),
    path.join(root, "sdk", "routing", "planner.ts"),
    path.join(root, "sdk", "routing", "scope.ts"),
  ];
}

describe("the table of gateway error codes", () => {
  it("conforms to its schema", () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(root, "sdk", "routing", "gateway-error-codes.schema.json"), "utf8"),
    ) as Record<string, unknown>;
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    const table: unknown = JSON.parse(fs.readFileSync(tableFile, "utf8"));
    const valid = validate(table);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("names its source and the date it was read", () => {
    expect(GATEWAY_ERRORS_SOURCE.spec).toContain("5.3");
    expect(GATEWAY_ERRORS_SOURCE.docs).toContain(
      "https://ngrok.com/docs/ai-gateway/reference/error-codes",
    );
    expect(GATEWAY_ERRORS_SOURCE.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("gives every entry a name of its own, and every name a constant with its code", () => {
    const names = GATEWAY_ERRORS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.fromEntries(GATEWAY_ERRORS.map((e) => [e.name, e.code]))).toEqual(
      GATEWAY_ERROR_CODES,
    );
  });

  it("is where the scope check's and the emulator's exported codes come from", () => {
    expect(PROVIDER_NOT_ALLOWED).toBe(GATEWAY_ERROR_CODES.providerNotAllowed);
    expect(MODEL_NOT_ALLOWED).toBe(GATEWAY_ERROR_CODES.modelNotAllowed);
    expect(EMULATOR_GATEWAY_ERROR_CODES).toBe(GATEWAY_ERROR_CODES);
  });

  it("is the only place the data plane, the planner and the scope check write a code", () => {
    const literals = codeUsers().flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/["'`]ERR_NGROK_\d+/g)].map(
        (m) => `${path.relative(root, file)}: ${m[0]}`,
      ),
    );
    expect(literals).toEqual([]);
  });

  it("is part of the SDK's build, so tsc copies it into sdk/dist", () => {
    const configFile = path.join(root, "sdk", "tsconfig.json");
    const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
    const config = read.config as object;
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configFile));
    expect(parsed.fileNames.map((f) => path.resolve(f))).toContain(tableFile);
  });
});
