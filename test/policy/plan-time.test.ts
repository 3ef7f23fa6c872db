import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Gateway, GatewayFileError, policyCheck } from "../../sdk/apply/declare";
import { parseGateway } from "../../sdk/gitops/load";

// Plan time (stack config aigw:policy) runs the same rules as aigw lint: turning the hygiene rule
// off never lets a denied model through to `pulumi up`.
const fixtures = path.join(__dirname, "..", "fixtures", "policy");
const gatewayFile = path.join(fixtures, "unrestricted.yaml");
const text = fs.readFileSync(gatewayFile, "utf8");

describe("plan-time policy check", () => {
  it.each(["off", "warn", "default"])(
    "blocks the apply with disallowed-* errors when unrestricted-scope is %s",
    (setting) => {
      const policy = path.join(fixtures, `unrestricted-${setting}.yaml`);
      const errors = policyCheck(policy)(parseGateway(text, gatewayFile))
        .filter((d) => d.severity === "error")
        .map((d) => `${d.code} ${d.range.start.line}`);
      expect(errors).toEqual([
        "disallowed-model 4",
        "disallowed-provider 4",
        "disallowed-model 8",
        "disallowed-model 10",
        "disallowed-provider 10",
      ]);
      let thrown: unknown;
      try {
        new Gateway({ file: gatewayFile, text, policy });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GatewayFileError);
      expect((thrown as GatewayFileError).message).toMatch(
        /unrestricted\.yaml:4:3: error disallowed-model: .*no access block.*openai:gpt-4-32k/,
      );
    },
  );

  it("reads a directory without the policy file it checks, whatever the policy's name", () => {
    // aigw:file `.` in a project whose root holds the gateway, Pulumi's settings and the policy.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-plan-time-"));
    try {
      fs.copyFileSync(gatewayFile, path.join(dir, "gateway.yaml"));
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: gw\nruntime: nodejs\n");
      const policy = path.join(dir, "rules.yaml");
      fs.copyFileSync(path.join(fixtures, "unrestricted-off.yaml"), policy);
      let thrown: unknown;
      try {
        new Gateway({ file: dir, policy });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GatewayFileError);
      const files = (thrown as GatewayFileError).diagnostics.map((d) => path.basename(d.file));
      expect(new Set(files)).toEqual(new Set(["gateway.yaml"]));
      expect(files.length).toBeGreaterThanOrEqual(5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
