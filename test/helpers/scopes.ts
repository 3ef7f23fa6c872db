// The access scope the drift and resource tests give their `search-team` configuration.
import type { AccessScope } from "pulumi-ngrok-ai/client";

/** OpenAI and Anthropic, one model of each; a new object every call, so a test may change it. */
export function searchTeamAccess(): AccessScope {
  return {
    providers: { allow: ["openai", "anthropic"] },
    models: { allow: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"] },
  };
}
