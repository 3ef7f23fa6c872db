// Raw HTTP for tests of what a well-behaved client never sends: broken-off bodies, oversized
// headers, bytes that are not HTTP; and a logger whose lines a test can wait for.
import { connect } from "node:net";

/**
 * Sends raw bytes, then reads until the server closes the connection; with `end: false`, drops
 * the connection once they are sent (a client that leaves mid-request).
 */
export function raw(url: string, bytes: string, options: { end?: boolean } = {}): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("end", () => resolve(text));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
    // Breaking off: the bytes are handed to the kernel first, then the connection is dropped.
    socket.write(bytes, () => {
      if (options.end === false) socket.destroy();
    });
  });
}

/** The JSON body of a raw HTTP answer. */
export function bodyOf(answer: string): unknown {
  return JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
}

/** A logger whose lines a test can wait for. */
export function recorder(): {
  logger: (line: string) => void;
  lines: string[];
  next: (re: RegExp) => Promise<string>;
} {
  const lines: string[] = [];
  const waiting: { re: RegExp; resolve: (line: string) => void }[] = [];
  return {
    lines,
    logger: (line) => {
      lines.push(line);
      for (const w of waiting.filter((x) => x.re.test(line))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    },
    next: (re) =>
      new Promise((resolve) => {
        const seen = lines.find((l) => re.test(l));
        if (seen !== undefined) resolve(seen);
        else waiting.push({ re, resolve });
      }),
  };
}
