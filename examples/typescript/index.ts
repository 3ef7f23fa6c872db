// The ngrok.ai resources from TypeScript: two OpenAI keys in failover order, then ngrok
// inference; an access key linked to the configuration. Secrets come from Pulumi config secrets.
import * as pulumi from "@pulumi/pulumi";
import { AccessKey, AccessKeyConfiguration, ProviderKey } from "pulumi-ngrok-ai";

const config = new pulumi.Config();

const primary = new ProviderKey("openai-primary", {
  providerId: "openai",
  description: "Primary OpenAI key",
  value: config.requireSecret("openaiPrimary"),
});
const secondary = new ProviderKey("openai-secondary", {
  providerId: "openai",
  value: config.requireSecret("openaiSecondary"),
});

const resilient = new AccessKeyConfiguration("resilient", {
  description: "Two OpenAI models, our keys first",
  access: {
    providers: { allow: ["openai"] },
    models: { allow: ["openai:gpt-4o-mini", "openai:gpt-4.1"] },
  },
  router: {
    rules: [
      {
        provider: "openai",
        steps: [
          { type: "user", keys: [{ id: primary.id }, { id: secondary.id }] },
          { type: "ngrok" },
        ],
      },
    ],
  },
});

const app = new AccessKey("app-prod", {
  accessKeyConfigurationId: resilient.id,
  // Change to issue a new token; the new key exists before the old one is deleted.
  rotationTrigger: "2026-11",
});

export const accessKeyId = app.id;
export const accessKeyToken = app.token;
