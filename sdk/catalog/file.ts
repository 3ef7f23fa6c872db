/**
 * Catalog files given by the user (`--catalog PATH`, stack config `aigw:catalog`): an overlay
 * that `aigw catalog pull` wrote, or a whole catalog, validated against
 * `schema/catalog.schema.json` and applied to the package's catalog.
 */
import { AigwError } from "../core/errors";
import { readTextFile } from "../core/files";
import { getValidator } from "../core/schema";
import { BUILTIN_CATALOG, type CatalogDocument, ModelCatalog } from "./catalog";

/** The file name of the catalog schema under `schema/`. */
export const CATALOG_SCHEMA_FILE = "catalog.schema.json";

/** The `$id` of the catalog schema, for the `$schema` of the files `aigw catalog pull` writes. */
export const CATALOG_SCHEMA_ID = "https://aigw.dev/schema/catalog.schema.json";

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/**
 * The advice for a file that is not a catalog at all (a gateway.yaml given as `--catalog`): never
 * to write a catalog over it, which would lose the file.
 */
const NOT_A_CATALOG_FIX =
  "check the path, or write a catalog with aigw catalog pull --output <a new path>";

/**
 * Parses and validates the text of a catalog file.
 * @throws AigwError `AIGW_CATALOG_INVALID` naming the file and the line and column (not JSON) or
 * the property (not a catalog or overlay), with how to fix it. Only an overlay is said to be
 * written again with `aigw catalog pull`; a file that is not a catalog is never.
 */
export function parseCatalogDocument(text: string, file: string): CatalogDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : "");
    throw new AigwError(
      "AIGW_CATALOG_INVALID",
      `${file}${at?.[1] === undefined ? "" : `:${position(text, Number(at[1]))}`}: not JSON (${err instanceof Error ? err.message : String(err)}), so not a catalog file (JSON, schema/catalog.schema.json); ${NOT_A_CATALOG_FIX}`,
    );
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind !== "catalog" && kind !== "overlay") {
    throw new AigwError(
      "AIGW_CATALOG_INVALID",
      `${file} is not a catalog file (JSON of schema/catalog.schema.json with "kind": "catalog" or "overlay"); ${NOT_A_CATALOG_FIX}`,
    );
  }
  const validate = getValidator(undefined, CATALOG_SCHEMA_FILE);
  if (!validate(value)) {
    const problems = (validate.errors ?? [])
      .filter((e) => e.keyword !== "if")
      .map((e) => `${e.instancePath === "" ? "(top level)" : e.instancePath} ${e.message ?? ""}`)
      .slice(0, 5);
    // A whole catalog is the user's own: pulling would replace it with an overlay.
    const fix =
      kind === "overlay"
        ? `Fix the properties named, or write the file again with aigw catalog pull --output ${file}`
        : "Fix the properties named";
    throw new AigwError(
      "AIGW_CATALOG_INVALID",
      `${file} is not a catalog or overlay (schema/catalog.schema.json): ${problems.join("; ")}. ${fix}`,
    );
  }
  return value as CatalogDocument;
}

/**
 * A catalog document applied to a catalog (the package's by default): an overlay adds and
 * updates entries; a whole catalog (`kind: "catalog"`) replaces it.
 * @throws AigwError `AIGW_CATALOG_INVALID` when a model names a provider nobody lists.
 */
export function applyCatalogDocument(
  document: CatalogDocument,
  file: string,
  base: ModelCatalog = BUILTIN_CATALOG,
): ModelCatalog {
  try {
    return document.kind === "catalog"
      ? ModelCatalog.fromDocument(document)
      : base.withOverlay(document);
  } catch (err) {
    throw new AigwError(
      "AIGW_CATALOG_INVALID",
      `${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * The package's catalog with the catalog file at `path` applied (see
 * {@link applyCatalogDocument}); `displayName` is how messages name the file.
 * @throws AigwError `AIGW_CATALOG_NOT_FOUND` when the file cannot be read,
 * `AIGW_CATALOG_INVALID` when it is not a catalog or overlay.
 */
export function loadCatalogFile(path: string, displayName: string = path): ModelCatalog {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? "unreadable";
    // Only a path that names nothing may be written: anything else there would be lost.
    const fix =
      reason === "ENOENT"
        ? `check the path, or write one with aigw catalog pull --output ${displayName}`
        : reason === "EISDIR"
          ? "check the path: it names a directory, not a catalog file"
          : "check the path and that the file can be read";
    throw new AigwError(
      "AIGW_CATALOG_NOT_FOUND",
      `cannot read the catalog file ${displayName} (${reason}); ${fix}`,
    );
  }
  return applyCatalogDocument(parseCatalogDocument(text, displayName), displayName);
}
