import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declarationOrder, type GatewayModel } from "../gitops/model";
import { Gateway, type GatewayCheck } from "./declare";

/** Options of {@link applyGatewayFile}; stack config fills what is not given. */
export interface ApplyGatewayFileOptions {
  /**
   * The file to apply, or the files, directories and globs that declare the gateway together;
   * default: stack config `aigw:file` (a path, a directory or a glob, or a JSON list of them),
   * else `gateway.yaml`.
   */
  readonly file?: string | readonly string[];
  /** The policy.yaml to check first; default: stack config `aigw:policy`, else none. */
  readonly policy?: string;
  /** Extra checks whose errors block the apply. */
  readonly checks?: readonly GatewayCheck[];
  /** A catalog overlay (`aigw catalog pull`); default: stack config `aigw:catalog`, else none. */
  readonly catalog?: string;
}

/** The outputs of a stack that applies a gateway.yaml, by logical name. */
export interface GatewayStackOutputs {
  /** What was applied, relative to the project: a file, directory or glob (several: a list). */
  readonly file: string | readonly string[];
  readonly providerIds: pulumi.Output<Record<string, string>>;
  readonly providerKeyIds: pulumi.Output<Record<string, string>>;
  readonly accessKeyConfigurationIds: pulumi.Output<Record<string, string>>;
  readonly accessKeyIds: pulumi.Output<Record<string, string>>;
  /** The access key tokens (secret), for handing to the services that use them. */
  readonly accessKeyTokens: pulumi.Output<Record<string, string>>;
  /**
   * The team of each object whose file declares `owner:`, by resource name (`aigw drift` shows
   * it); present only when some file declares one, so stacks without owners keep their outputs.
   */
  readonly owners?: Record<string, string>;
}

function byName<R>(
  resources: ReadonlyMap<string, R>,
  pick: (r: R) => pulumi.Output<string | undefined>,
): pulumi.Output<Record<string, string>> {
  const entries = [...resources].map(([name, r]) => pulumi.all([name, pick(r)]));
  return pulumi
    .all(entries)
    .apply((pairs) =>
      Object.fromEntries(pairs.filter((p): p is [string, string] => typeof p[1] === "string")),
    );
}

/**
 * Stack config `aigw:file`: one path, directory or glob, or a list of them (set with
 * `pulumi config set --path 'aigw:file[0]' …`, which stores a JSON list).
 */
function fileConfig(config: pulumi.Config): string | string[] | undefined {
  const raw = config.get("file");
  if (raw === undefined || !raw.trimStart().startsWith("[")) return raw;
  const list = config.requireObject<unknown>("file");
  if (!Array.isArray(list) || !list.every((v): v is string => typeof v === "string")) {
    throw new pulumi.RunError(
      "stack config aigw:file must be a path, directory or glob, or a list of them (strings)",
    );
  }
  return list;
}

/**
 * The project's directory, where `Pulumi.yaml` is: relative paths in stack config are relative to
 * it. The program's working directory can be elsewhere (the directory of `main`), and older
 * language hosts pass no usable root directory, so look upwards for the project file.
 */
export function projectDirectory(): string {
  const hasProjectFile = (dir: string): boolean =>
    fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml"));
  const root = pulumi.getRootDirectory();
  if (path.isAbsolute(root) && hasProjectFile(root)) return root;
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (
      fs.existsSync(path.join(dir, "Pulumi.yaml")) ||
      fs.existsSync(path.join(dir, "Pulumi.yml"))
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/**
 * The GitOps program: applies the gateway.yaml named by `aigw:file` (relative to the project),
 * with the policy named by `aigw:policy` checked first when set, against the model catalog with
 * the overlay named by `aigw:catalog` when set. The root `Pulumi.yaml` runs this
 * through `dist/stack.js`; an example's `index.ts` is `export = applyGatewayFile()`.
 */
export function applyGatewayFile(options: ApplyGatewayFileOptions = {}): GatewayStackOutputs {
  const config = new pulumi.Config("aigw");
  const project = projectDirectory();
  const given = options.file ?? fileConfig(config) ?? "gateway.yaml";
  const specs = typeof given === "string" ? [given] : given;
  const files = specs.map((spec) => path.resolve(project, spec));
  const policy = options.policy ?? config.get("policy");
  const catalog = options.catalog ?? config.get("catalog");
  const gateway = new Gateway({
    file: files.length === 1 ? (files[0] ?? "") : files,
    ...(policy !== undefined ? { policy: path.resolve(project, policy) } : {}),
    ...(catalog !== undefined ? { catalog: path.resolve(project, catalog) } : {}),
    ...(options.checks !== undefined ? { checks: options.checks } : {}),
  });
  return {
    file:
      files.length === 1
        ? path.relative(project, files[0] ?? "")
        : files.map((f) => path.relative(project, f)),
    providerIds: byName(gateway.providers, (r) => r.id),
    providerKeyIds: byName(gateway.providerKeys, (r) => r.id),
    accessKeyConfigurationIds: byName(gateway.accessKeyConfigurations, (r) => r.id),
    accessKeyIds: byName(gateway.accessKeys, (r) => r.id),
    accessKeyTokens: pulumi.secret(byName(gateway.accessKeys, (r) => r.token)),
    ...ownersOutput(gateway.model),
  };
}

/** `{ owners }` (resource name → team) when any object has an owner, else nothing. */
function ownersOutput(model: GatewayModel): { owners?: Record<string, string> } {
  const owners: Record<string, string> = {};
  for (const object of declarationOrder(model)) {
    if (object.owner !== undefined) owners[object.logicalName] = object.owner.value;
  }
  return Object.keys(owners).length === 0 ? {} : { owners };
}
