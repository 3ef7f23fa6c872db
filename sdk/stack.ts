// The root GitOps stack's program (`main: sdk/dist/stack.js` in Pulumi.yaml): applies the
// gateway.yaml named by stack config `aigw:file`. Users can point their own Pulumi.yaml at
// `node_modules/pulumi-ngrok-ai/dist/stack.js` for the same behaviour.
import { applyGatewayFile } from "./apply/stack";

export = applyGatewayFile();
