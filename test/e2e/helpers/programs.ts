// Pieces of the Pulumi programs the e2e tests write: the opening and the provider keys, which
// every program declares the same way.

/** The imports (`names` from pulumi-ngrok-ai) and the stack's config every program opens with. */
export function programHead(names: readonly string[]): string {
  return `import * as pulumi from "@pulumi/pulumi";
import { ${names.join(", ")} } from "pulumi-ngrok-ai";

const config = new pulumi.Config();
`;
}

/** `const <variable>`: provider key `name` of `providerId`, its value the config secret `secret`. */
export function providerKeySource(
  variable: string,
  name: string,
  providerId: string,
  secret: string,
  description?: string,
): string {
  const described = description === undefined ? "" : `  description: "${description}",\n`;
  return `const ${variable} = new ProviderKey("${name}", {
  providerId: "${providerId}",
${described}  value: config.requireSecret("${secret}"),
});
`;
}
