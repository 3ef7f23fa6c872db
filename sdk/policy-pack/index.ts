// The CrossGuard policy pack of pulumi-ngrok-ai: the aigw rules over a stack's resources. The
// engine loads this file through the pack's package.json (`main`) and runs the pack it registers.
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, aigwPolicies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, { policies: aigwPolicies() });
