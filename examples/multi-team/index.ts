// Applies the gateway declared by every file of gateway/ (a platform file and one per team), or
// the files named by stack config aigw:file, with pulumi-ngrok-ai.
import { applyGatewayFile } from "pulumi-ngrok-ai";

export = applyGatewayFile({ file: "gateway" });
