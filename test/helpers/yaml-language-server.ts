// Drives yaml-language-server, the language service behind the YAML extensions of VS Code and
// other editors, over stdio with LSP JSON-RPC, so tests see the diagnostics an editor shows for
// gateway.yaml. The server runs as a child process that `close()` ends by its PID.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node";

/** One diagnostic as LSP publishes it (the fields the tests read). */
export interface EditorDiagnostic {
  readonly message: string;
  /** 0-based line and character, as in LSP. */
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
  readonly severity?: number;
  readonly source?: string;
}

/** A running yaml-language-server. */
export interface YamlLanguageServer {
  /** The server's process id. */
  readonly pid: number;
  /** Opens `text` as the document `uri` and resolves with the first diagnostics published for it. */
  diagnostics(uri: string, text: string): Promise<EditorDiagnostic[]>;
  /** Shuts the server down and ends its process by PID. */
  close(): Promise<void>;
}

/**
 * The `yaml` settings the server pulls with `workspace/configuration`: validation on, and the
 * schema store and Kubernetes CRD store off, so nothing is fetched from the network.
 */
const YAML_SETTINGS = {
  validate: true,
  hover: true,
  completion: true,
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
  schemas: {},
};

function serverScript(): string {
  const root = dirname(require.resolve("yaml-language-server/package.json"));
  return join(root, "bin", "yaml-language-server");
}

/**
 * Starts yaml-language-server with `--stdio`, initializes it with `rootDir` as the workspace,
 * answers its configuration request, and resolves once that configuration is applied.
 */
export async function startYamlLanguageServer(rootDir: string): Promise<YamlLanguageServer> {
  const child: ChildProcess = spawn(process.execPath, [serverScript(), "--stdio"], {
    cwd: rootDir,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("yaml-language-server did not start");
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const connection: MessageConnection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const waiting = new Map<string, (diagnostics: EditorDiagnostic[]) => void>();
  connection.onNotification(
    "textDocument/publishDiagnostics",
    (params: { uri: string; diagnostics: EditorDiagnostic[] }) => {
      const resolve = waiting.get(params.uri);
      if (resolve === undefined) return;
      waiting.delete(params.uri);
      resolve(params.diagnostics);
    },
  );
  connection.onRequest("workspace/configuration", (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === "yaml" ? YAML_SETTINGS : null)),
  );
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onNotification("window/logMessage", () => undefined);
  connection.onNotification("telemetry/event", () => undefined);
  connection.listen();

  const rootUri = pathToFileURL(rootDir).href;
  try {
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: "aigw" }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { relatedInformation: false } },
      },
    });
    await connection.sendNotification("initialized", {});
    // The code lens handler waits for the pulled configuration, so its answer means the settings
    // above are in force before any document is opened.
    await connection.sendRequest("textDocument/codeLens", {
      textDocument: { uri: `${rootUri}/.no-such-document.yaml` },
    });
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`yaml-language-server failed to initialize: ${String(err)}\n${stderr}`);
  }

  let version = 0;
  return {
    pid,
    diagnostics(uri, text) {
      const published = new Promise<EditorDiagnostic[]>((resolve) => waiting.set(uri, resolve));
      void connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "yaml", version: ++version, text },
      });
      return published;
    },
    async close() {
      try {
        await connection.sendRequest("shutdown");
        await connection.sendNotification("exit");
      } catch {
        // The process is ended by PID below in any case.
      }
      connection.dispose();
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // Already gone after `exit`.
      }
      await exited;
    },
  };
}
