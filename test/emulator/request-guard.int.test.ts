// guardedListener, the last line of defence of the emulator's server: a handler that fails, even
// after its answer has begun, becomes a 500 (or a broken-off answer) and a log line.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { guardedListener } from "../../emulator/request-guard";
import { recorder } from "./raw-http";

describe("guardedListener", () => {
  let server: Server;
  let url: string;
  const log = recorder();

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function serve(handler: Parameters<typeof guardedListener>[0]): Promise<void> {
    log.lines.length = 0;
    server = createServer(
      guardedListener(
        handler,
        (res) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end('{"statusCode":500}');
        },
        log.logger,
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("breaks off an answer whose handler throws after sending its headers, and answers the next request", async () => {
    let calls = 0;
    await serve(async (_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(200, { "content-length": "100" });
        res.write("partial");
        await Promise.resolve();
        throw new Error("after the headers");
      }
      res.end("ok");
      return 200;
    });

    await expect(request(url).then(async (res) => await res.body.text())).rejects.toThrow();
    const next = await request(url);

    expect(await next.body.text()).toBe("ok");
    expect(log.lines).toEqual([
      "GET / internal error: Error: after the headers",
      "GET / 500",
      "GET / 200",
    ]);
  });

  it("answers 500 when a handler fails while answering an error with headers Node refuses", async () => {
    await serve((_req, res) => {
      // The crash of issue 16: an error answer that reuses a header Node refuses.
      res.writeHead(422, { "ngrok-aig-model": "openai:模型" });
      return Promise.resolve(422);
    });

    const res = await request(url);

    expect(res.statusCode).toBe(500);
    expect(await res.body.text()).toBe('{"statusCode":500}');
    expect(log.lines[0]).toMatch(/internal error: TypeError: Invalid character in header content/);
  });

  it("survives a logger that throws", async () => {
    server = createServer(
      guardedListener(
        (_req, res) => {
          res.end("ok");
          return Promise.resolve(200);
        },
        () => undefined,
        () => {
          throw new Error("stdout is closed");
        },
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    for (let i = 0; i < 2; i += 1) expect(await (await request(url)).body.text()).toBe("ok");
  });
});
