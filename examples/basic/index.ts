// Applies gateway.yaml (or the file named by stack config aigw:file) with pulumi-ngrok-ai.
import { applyGatewayFile } from "pulumi-ngrok-ai";

export = applyGatewayFile();
