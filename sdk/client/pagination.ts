// Walking a list endpoint page by page. The API's page links (`nextPageUri`) are followed
// verbatim, because their format is undocumented; only their origin is pinned to ours, so the API
// key is never sent to another host.
import { PaginationLoopError } from "./errors";
import { redactUrl } from "../core/redact";
import { type ListEnvelope } from "./types";

/** The page size the client asks for unless told otherwise (the API's maximum). */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Resolves a page link against the base URL. A link to another origin keeps its path and query but
 * is sent to the base origin: an emulator or proxy may name a public host in its links.
 */
export function resolvePageUrl(baseUrl: URL, uri: string): string {
  const resolved = new URL(uri, baseUrl);
  if (resolved.origin === baseUrl.origin) return resolved.toString();
  return new URL(`${resolved.pathname}${resolved.search}`, baseUrl.origin).toString();
}

/**
 * Yields each page of a list, starting at `firstUrl` and following `nextPageUri` until it is null
 * or absent. Throws {@link PaginationLoopError} if a link points back at a page already read.
 */
export async function* iteratePages<L extends ListEnvelope>(
  baseUrl: URL,
  firstUrl: string,
  fetchPage: (url: string) => Promise<L>,
): AsyncGenerator<L, void, undefined> {
  const visited = new Set<string>();
  let url: string | undefined = firstUrl;
  while (url !== undefined) {
    if (visited.has(url)) {
      const reported = redactUrl(url);
      throw new PaginationLoopError(
        `GET ${reported} was already read: the API's nextPageUri points back at an earlier page. Stopping so the listing does not loop forever; report this to ngrok.`,
        { method: "GET", url: reported },
      );
    }
    visited.add(url);
    const page = await fetchPage(url);
    yield page;
    const next = page.nextPageUri;
    url = typeof next === "string" && next !== "" ? resolvePageUrl(baseUrl, next) : undefined;
  }
}
