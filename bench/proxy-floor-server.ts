// The floor of bench/gateway.ts: an HTTP proxy with no logic, built from the same parts as the
// gateway (node:http in, undici's dispatch out, keep-alive both ways), in a process of its own
// (see bench/server-process.ts). It forwards each request's path, authorization and body to the
// upstream whose base URL is the first argument, and answers with the upstream's status and body:
// no authentication, no routing, no key decryption, no usage. What it costs is what any proxy
// hop costs on the machine, so the gateway's figures beyond it are the gateway's own work.
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { serveInThisProcess } from "./server-process";

serveInThisProcess(async ([upstream]) => {
  if (upstream === undefined) throw new Error("usage: proxy-floor-server.js UPSTREAM_URL");
  const origin = new URL(upstream).origin;
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 256 });

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    let status = 502;
    let contentType: string | string[] | undefined;
    let chunks: Buffer[] = [];
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (req.headers.authorization !== undefined) headers.authorization = req.headers.authorization;
    agent.dispatch(
      { origin, path: req.url ?? "/", method: req.method ?? "POST", headers, body },
      {
        // Its presence tells undici that this handler speaks the controller interface.
        onRequestStart() {},
        onResponseStart(_c, statusCode, responseHeaders) {
          status = statusCode;
          contentType = responseHeaders["content-type"];
          chunks = [];
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          const answer = Buffer.concat(chunks);
          res.writeHead(status, {
            "content-type": contentType ?? "application/json",
            "content-length": String(answer.length),
          });
          res.end(answer);
        },
        onResponseError() {
          res.destroy();
        },
      },
    );
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => forward(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    ready: { url: `http://127.0.0.1:${port}` },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await agent.close();
    },
  };
});
