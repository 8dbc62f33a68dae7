// Starts `tablelint server` for Markdown files and hands it VS Code's settings.
// Everything tablelint does (diagnostics, quick fixes, fix all, formatting,
// hover) is the server's: this file only finds the program and starts it.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  Executable,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

// Config, schema and vocabulary files: a change to one can change every verdict.
const WATCHED = "**/{pyproject.toml,tablelint.toml,*.yaml,*.yml,*.json}";

async function pythonOfPythonExtension(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension("ms-python.python");
  if (!extension) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const environment = api?.environments?.getActiveEnvironmentPath?.(resource);
    return environment?.path || undefined;
  } catch {
    return undefined; // an older Python extension: fall through to the .venv
  }
}

function workspaceVenvPython(): string | undefined {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const relative of [".venv/bin/python", "venv/bin/python", ".venv/Scripts/python.exe"]) {
      const candidate = path.join(folder.uri.fsPath, relative);
      if (fs.existsSync(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

// The command that runs the server: a configured tablelint, else a configured or
// the workspace's Python with `-m tablelint`, else `tablelint` on PATH.
export async function serverCommand(): Promise<Executable> {
  const settings = vscode.workspace.getConfiguration("tablelint");
  const executable = settings.get<string>("path", "").trim();
  if (executable) {
    return { command: executable, args: ["server"] };
  }
  const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
  const python =
    settings.get<string>("interpreter", "").trim() ||
    (await pythonOfPythonExtension(resource)) ||
    workspaceVenvPython();
  if (python) {
    return { command: python, args: ["-m", "tablelint", "server"] };
  }
  return { command: "tablelint", args: ["server"] };
}

// The settings the server reads (it asks for them again through
// workspace/configuration, and when they change).
function settingsForServer(): Record<string, unknown> {
  const settings = vscode.workspace.getConfiguration("tablelint");
  return {
    select: settings.get<string[]>("select", []),
    ignore: settings.get<string[]>("ignore", []),
    unsafeFixes: settings.get<boolean>("unsafeFixes", false),
    linksOnSave: settings.get<boolean>("linksOnSave", false),
    debounceMs: settings.get<number>("debounceMs", 200),
    config: settings.get<string>("config", ""),
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const executable = await serverCommand();
  output.appendLine(`starting: ${executable.command} ${(executable.args ?? []).join(" ")}`);
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    synchronize: {
      configurationSection: "tablelint",
      fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED),
    },
    initializationOptions: settingsForServer(),
    outputChannel: output,
  };
  client = new LanguageClient("tablelint", "tablelint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const choice = await vscode.window.showErrorMessage(
      `tablelint: cannot start \`${executable.command}\` (${error}). Install tablelint in the workspace's ` +
        "Python environment, or set tablelint.path or tablelint.interpreter.",
      "Open settings",
    );
    if (choice) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "tablelint");
    }
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    await client.stop().catch(() => undefined);
    client = undefined;
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("tablelint");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("tablelint.restart", () => restart(context)),
    vscode.commands.registerCommand("tablelint.showOutput", () => output.show()),
    vscode.commands.registerCommand("tablelint.fixAll", () =>
      vscode.commands.executeCommand("editor.action.sourceAction", {
        kind: "source.fixAll.tablelint",
        apply: "first",
      }),
    ),
    // Another program or interpreter needs another server; other settings are
    // sent to the running one.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("tablelint.path") || event.affectsConfiguration("tablelint.interpreter")) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
