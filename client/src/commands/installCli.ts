import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionContextServices } from '../context';
import { launcherFileName, launcherMark, launcherScript, onPath, type HostRuntime } from '../model/cliLauncher';

const host: HostRuntime = { execPath: process.execPath, electron: !!process.versions.electron, platform: process.platform };
/** Where "Install 'pactown' command in PATH" puts it, like pip and pipx do. */
const userBin = () => join(homedir(), '.local', 'bin');

/**
 * Writes the launcher into `folder` unless it is there already as it is; returns its path. Written
 * beside it, then renamed: a shell never finds it half written or not yet executable.
 */
async function writeLauncher(folder: string, script: string): Promise<string> {
  const path = join(folder, launcherFileName(host.platform));
  await mkdir(folder, { recursive: true });
  if ((await readFile(path, 'utf8').catch(() => undefined)) !== script) {
    const partial = `${path}.${process.pid}.tmp`;
    await writeFile(partial, script);
    await chmod(partial, 0o755);
    await rename(partial, path);
  }
  return path;
}

/** An installed launcher points into the extension's folder, which an update moves: rewritten then (only one this extension wrote). */
async function refreshInstalled(folder: string, script: string): Promise<void> {
  const current = await readFile(join(folder, launcherFileName(host.platform)), 'utf8').catch(() => undefined);
  if (current !== undefined && current !== script && current.includes(launcherMark)) await writeLauncher(folder, script);
}

/**
 * The `pactown` command outside the extension: in the window's terminals at once (a launcher in
 * the extension's storage, put first on their PATH), and in any shell once installed into
 * ~/.local/bin by "Install 'pactown' command in PATH".
 */
export function registerCliLauncher(context: vscode.ExtensionContext, services: ExtensionContextServices): vscode.Disposable[] {
  const cli = context.asAbsolutePath(join('dist', 'cli.js'));
  const script = launcherScript(cli, host);
  const storageBin = join(context.globalStorageUri.fsPath, 'bin');
  context.environmentVariableCollection.description = 'Puts the markpact extension\'s `pactown` command on the PATH';
  context.environmentVariableCollection.prepend('PATH', `${storageBin}${delimiter}`);
  void writeLauncher(storageBin, script).catch((error: unknown) => services.output.warn(`could not write the pactown launcher into ${storageBin}: ${String(error)}`));
  if (host.platform !== 'win32') void refreshInstalled(userBin(), script).catch(() => undefined);

  return [
    vscode.commands.registerCommand('markpact.installCli', async (options?: { folder?: string; confirm?: boolean }) => {
      if (host.platform === 'win32' && !options?.folder) {
        void vscode.window.showInformationMessage(`VS Code's terminals already run 'pactown'. For other shells, add ${storageBin} to your PATH (Windows has no per-user bin folder to install into).`);
        return false;
      }
      const folder = options?.folder ?? userBin();
      const path = join(folder, launcherFileName(host.platform));
      if (options?.confirm !== false) {
        const install = 'Install';
        const answer = await vscode.window.showInformationMessage(
          `Install the 'pactown' command as ${path}?`,
          { modal: true, detail: `It runs this extension's CLI (${cli}) with ${host.execPath}. A file already there is replaced.` },
          install,
        );
        if (answer !== install) return false;
      }
      try {
        await writeLauncher(folder, script);
      } catch (error) {
        void vscode.window.showErrorMessage(`Installing 'pactown' as ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
      if (onPath(folder, process.env.PATH, host.platform)) {
        void vscode.window.showInformationMessage(`Installed 'pactown' as ${path}.`);
      } else {
        void vscode.window.showWarningMessage(`Installed 'pactown' as ${path}, but ${folder} is not on your PATH: add it (for example export PATH="${folder}:$PATH" in ~/.profile) to run pactown from any shell. VS Code's terminals find it already.`);
      }
      return true;
    }),
  ];
}
