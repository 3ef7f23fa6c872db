/** A path inside a document: mapping keys and sequence indices, from the root. */
export type DocumentPath = readonly (string | number)[];

const PLAIN_SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * A path as people read it: `providerKeys.openai-primary.value`,
 * `accessKeyConfigurations.search.router.rules[0].steps[1]`; keys that are not plain words are
 * quoted (`providerKeys["my.key"]`).
 */
export function formatPath(path: DocumentPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (PLAIN_SEGMENT.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === "" ? "the document" : text;
}

/**
 * Turns a JSON pointer (`/providerKeys/a~1b/0`) into a path, using the data to tell array
 * indices (numbers) from mapping keys that look like numbers (strings).
 */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === "") return [];
  const path: (string | number)[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index] as unknown;
    } else {
      path.push(segment);
      current =
        current !== null && typeof current === "object"
          ? (current as Record<string, unknown>)[segment]
          : undefined;
    }
  }
  return path;
}
