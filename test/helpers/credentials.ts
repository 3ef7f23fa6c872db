// A gateway file with credentials pasted where they do not belong: into a secret reference, a
// router's keys, an allow-list, a reference or a description. Shared by the tests that check
// that no output prints them, each with the consumer tool of its format.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../cli/program";
import { capturedContext } from "./cli";

export const OPENAI = "sk-proj-PASTEDintoENVname00000000000012345";
export const OPENAI_2 = "sk-proj-TWOKEYSxxxxxxxxxxxxxxxxx12345";
export const LISTED = "sk-proj-INLISTxxxxxxxxxxxxxxxxxxxx12345";
export const ANTHROPIC = "sk-ant-api03-INCONFIGREFxxxxxxxxxx12345";
export const ROUTED = "sk-proj-INROUTERKEYSxxxxxxxxxxxxxx12345";
export const ALLOWED = "sk-proj-INALLOWxxxxxxxxxxxxxxxx12345";
export const PROVIDER_ID = "sk-proj-PROVIDERIDxxxxxxxxxxxxxxxxx12345";
export const GROQ = "gsk_DESCRIPTIONxxxxxxxxxxxxxxxxxxx12345";
export const TOKEN = "ng-2mX2aAbCdEf-g1-QqQqWwWwEeEeRrRr";
/** Every credential the file holds. */
export const SECRETS = [
  OPENAI,
  OPENAI_2,
  LISTED,
  ANTHROPIC,
  ROUTED,
  ALLOWED,
  PROVIDER_ID,
  GROQ,
  TOKEN,
];

/** The gateway file. */
export const CREDENTIAL_GATEWAY = `version: 1
providerKeys:
  k4: {providerId: openai, value: { env: ${OPENAI} }}
  k5: {providerId: openai, value: { secret: ${OPENAI_2}, env: FOO }}
  k6: {providerId: openai, value: [${LISTED}]}
  good: { providerId: ${PROVIDER_ID}, value: { secret: goodKey } }
accessKeyConfigurations:
  c1:
    description: "copied ${GROQ} by mistake"
    access: { models: { allow: ["${ALLOWED}"] } }
    router: { rules: [ { provider: openai, steps: [ { type: user, keys: [${ROUTED}] } ] } ] }
accessKeys:
  ak1: { description: "token ${TOKEN}", configuration: ${ANTHROPIC} }
`;

/** The credentials of {@link SECRETS} that `text` holds. */
export function leaked(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

/** Runs `aigw <argv>` in process in `dir`, on the day waivers are judged. */
export async function aigwIn(
  dir: string,
  argv: string[],
): Promise<{ code: number; out: string; err: string }> {
  const ctx = capturedContext({ AIGW_TODAY: "2026-06-01" }, dir);
  const code = await runCli(argv, ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

/** A new directory holding the gateway file as `gateway.yaml` and a `policy.yaml`; the caller removes it. */
export function credentialWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-credentials-"));
  fs.writeFileSync(path.join(dir, "gateway.yaml"), CREDENTIAL_GATEWAY);
  fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\nproviders:\n  deny: [deepseek]\n");
  return dir;
}

/** `aigw lint` of {@link credentialWorkspace}'s files in `dir`, in `format`, with more arguments. */
export function lintCredentials(
  dir: string,
  format: string,
  ...more: string[]
): Promise<{ code: number; out: string; err: string }> {
  return aigwIn(dir, [
    "lint",
    "gateway.yaml",
    "--policy",
    "policy.yaml",
    "--format",
    format,
    ...more,
  ]);
}
