import type { StoreDatabase } from "./database";
import type { AuditFields, Page, PageQuery } from "./records";

/** A row as better-sqlite3 returns it: values by column name. */
export type Row = Record<string, unknown>;

/** How one field of a record is kept: its column, and how its value reads from and writes to it. */
export interface Column<V> {
  readonly name: string;
  read(value: unknown): V;
  write(value: V): unknown;
}

/** The column of every field of `T`. */
export type Columns<T> = { readonly [K in keyof T]-?: Column<T[K]> };

/** A condition of a WHERE clause and the values of its `?` placeholders. */
export type Condition = readonly [sql: string, ...params: unknown[]];

const same = (value: unknown): unknown => value;

/** A NOT NULL TEXT column. */
export function text(name: string): Column<string> {
  return { name, read: (v) => v as string, write: same };
}

/** A TEXT column that may be NULL. */
export function optionalText(name: string): Column<string | null> {
  return { name, read: (v) => (v === null || v === undefined ? null : (v as string)), write: same };
}

/** A NOT NULL INTEGER column. */
export function integer(name: string): Column<number> {
  return { name, read: (v) => Number(v), write: same };
}

/** An INTEGER column that may be NULL. */
export function optionalInteger(name: string): Column<number | null> {
  return { name, read: (v) => (v === null ? null : Number(v)), write: same };
}

/** A boolean kept as INTEGER 1 or 0. */
export function flag(name: string): Column<boolean> {
  return { name, read: (v) => v === 1, write: (v) => (v ? 1 : 0) };
}

/** A JSON value kept as TEXT; NULL for null. */
export function json<T>(name: string): Column<T | null> {
  return {
    name,
    read: (v) => (v === null || v === undefined ? null : (JSON.parse(v as string) as T)),
    write: (v) => (v === null ? null : JSON.stringify(v)),
  };
}

/** A JSON array kept as TEXT; reads as empty when NULL. */
export function jsonList<T>(name: string): Column<T[]> {
  const column = json<T[]>(name);
  return { name, read: (v) => column.read(v) ?? [], write: (v) => JSON.stringify(v) };
}

/** The columns of `AuditFields`, the same in every table of the account's objects. */
export const AUDIT_COLUMNS: Columns<AuditFields> = {
  createdAt: text("created_at"),
  updatedAt: text("updated_at"),
  createdBy: text("created_by"),
  lastUpdatedBy: text("last_updated_by"),
};

/**
 * One table and the record its rows read as: the statements every repository needs (get by id,
 * a page newest first, insert, update of what may change, delete), made from its columns.
 * Each repository extends it with what is particular to its table.
 */
export class Table<T extends object> {
  /** The connection, for the statements particular to a table. */
  protected readonly db: StoreDatabase;
  readonly #name: string;
  readonly #fields: readonly (readonly [keyof T, Column<unknown>])[];
  /** The fields a row takes on again when its record is saved again. */
  readonly #mutable: readonly (readonly [keyof T, Column<unknown>])[];
  /** SQL text by what it does, made once: building it on every call slowed the small queries. */
  readonly #sql = new Map<string, string>();

  /**
   * @param fixed the fields written once, when a row is inserted, and never again (its ids,
   * its creation, and whatever else the API never changes).
   */
  constructor(
    db: StoreDatabase,
    name: string,
    columns: Columns<T>,
    fixed: readonly (keyof T)[] = [],
  ) {
    this.db = db;
    this.#name = name;
    this.#fields = (Object.keys(columns) as (keyof T)[]).map(
      (field) => [field, columns[field] as Column<unknown>] as const,
    );
    this.#mutable = this.#fields.filter(([field]) => !fixed.includes(field));
  }

  /** The record of `row`. */
  read(row: Row): T {
    const record: Partial<Record<keyof T, unknown>> = {};
    for (const [field, column] of this.#fields) record[field] = column.read(row[column.name]);
    return record as T;
  }

  /** The first row where `column` is `value`. */
  find(column: string, value: unknown): T | undefined {
    const sql = this.#sqlFor(
      `find ${column}`,
      () => `SELECT * FROM ${this.#name} WHERE ${column} = ?`,
    );
    const row = this.db.statement(sql).get(value) as Row | undefined;
    return row === undefined ? undefined : this.read(row);
  }

  /** The row with this id. */
  get(id: string): T | undefined {
    return this.find("id", id);
  }

  /** True when a row has this id. */
  has(id: string): boolean {
    const sql = this.#sqlFor("has", () => `SELECT 1 FROM ${this.#name} WHERE id = ?`);
    return this.db.statement(sql).get(id) !== undefined;
  }

  /** Every row meeting `conditions`, oldest first (ids sort in creation order). */
  all(...conditions: Condition[]): T[] {
    const { where, params } = whereClause(conditions);
    const sql = `SELECT * FROM ${this.#name}${where} ORDER BY id`;
    return (this.db.statement(sql).all(...params) as Row[]).map((row) => this.read(row));
  }

  /** Up to `limit` rows meeting `conditions`, newest first, and whether more exist. */
  page(conditions: readonly Condition[], limit: number): Page<T> {
    const { where, params } = whereClause(conditions);
    const sql = `SELECT * FROM ${this.#name}${where} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.statement(sql).all(...params, limit + 1) as Row[];
    return { items: rows.slice(0, limit).map((row) => this.read(row)), more: rows.length > limit };
  }

  /** A page of the rows meeting `conditions` with an id below `page.beforeId`, newest first. */
  list(page: PageQuery, ...conditions: Condition[]): Page<T> {
    const before: Condition[] = page.beforeId === undefined ? [] : [["id < ?", page.beforeId]];
    return this.page([...before, ...conditions], page.limit);
  }

  /** Inserts `record`, with `extra` values for columns no field holds (hashes, sealed values). */
  insert(record: T, extra: Row = {}): void {
    const sql = this.#sqlFor(`insert ${Object.keys(extra).join(" ")}`, () =>
      this.#insertSql(Object.keys(extra)),
    );
    this.db.statement(sql).run(...this.#values(record, this.#fields), ...Object.values(extra));
  }

  /** Inserts every record with one prepared statement (no extra columns). */
  insertAll(records: readonly T[]): void {
    const insert = this.db.statement(this.#sqlFor("insert ", () => this.#insertSql([])));
    for (const record of records) insert.run(...this.#values(record, this.#fields));
  }

  /**
   * Inserts `record` (with `extra` columns), or, when a row with its id exists, writes its fields
   * that are not fixed to that row.
   */
  upsert(record: T, extra: Row = {}): void {
    const sql = this.#sqlFor(`upsert ${Object.keys(extra).join(" ")}`, () => {
      const set = this.#mutable.map(([, { name }]) => `${name} = excluded.${name}`).join(", ");
      return `${this.#insertSql(Object.keys(extra))} ON CONFLICT (id) DO UPDATE SET ${set}`;
    });
    this.db.statement(sql).run(...this.#values(record, this.#fields), ...Object.values(extra));
  }

  /** Writes the fields of `record` that are not fixed (and `extra` columns) to row `id`. */
  update(id: string, record: T, extra: Row = {}): void {
    const sql = this.#sqlFor(`update ${Object.keys(extra).join(" ")}`, () => {
      const names = [...this.#mutable.map(([, column]) => column.name), ...Object.keys(extra)];
      return `UPDATE ${this.#name} SET ${names.map((name) => `${name} = ?`).join(", ")} WHERE id = ?`;
    });
    this.db.statement(sql).run(...this.#values(record, this.#mutable), ...Object.values(extra), id);
  }

  /** Records that row `id` was used at `at` (RFC 3339); not a change to the account. */
  touch(id: string, at: string): void {
    this.db.quietly(() => {
      const sql = this.#sqlFor(
        "touch",
        () => `UPDATE ${this.#name} SET last_used = ? WHERE id = ?`,
      );
      this.db.statement(sql).run(at, id);
    });
  }

  /** Deletes the row with this id; false when there was none. */
  delete(id: string): boolean {
    const sql = this.#sqlFor("delete", () => `DELETE FROM ${this.#name} WHERE id = ?`);
    return this.db.transaction(() => this.db.statement(sql).run(id).changes > 0);
  }

  #sqlFor(purpose: string, make: () => string): string {
    let sql = this.#sql.get(purpose);
    if (sql === undefined) {
      sql = make();
      this.#sql.set(purpose, sql);
    }
    return sql;
  }

  /** `INSERT` of every field's column and then the `extra` columns. */
  #insertSql(extra: readonly string[]): string {
    const names = [...this.#fields.map(([, column]) => column.name), ...extra];
    return `INSERT INTO ${this.#name} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`;
  }

  #values(record: T, fields: readonly (readonly [keyof T, Column<unknown>])[]): unknown[] {
    return fields.map(([field, column]) => column.write(record[field]));
  }
}

function whereClause(conditions: readonly Condition[]): { where: string; params: unknown[] } {
  if (conditions.length === 0) return { where: "", params: [] };
  return {
    where: ` WHERE ${conditions.map(([sql]) => sql).join(" AND ")}`,
    params: conditions.flatMap(([, ...params]) => params),
  };
}
