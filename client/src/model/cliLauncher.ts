/** The process that runs the extension: Node (code-server, VS Code Server) or Electron (desktop VS Code). */
export interface HostRuntime {
  execPath: string;
  /** Electron runs scripts as Node only with ELECTRON_RUN_AS_NODE=1. */
  electron: boolean;
  platform: NodeJS.Platform;
}

/** The first line after the shebang: how a launcher the extension wrote is recognised (and kept current). */
export const launcherMark = 'pactown launcher written by the markpact extension';

export function launcherFileName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'pactown.cmd' : 'pactown';
}

/** A word for sh: single-quoted, so nothing in a path ($, spaces, backquotes) is interpreted. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `pactown` command: the extension's bundled CLI run by the host's own Node (or Electron as Node). */
export function launcherScript(cliPath: string, host: HostRuntime): string {
  if (host.platform === 'win32') {
    return ['@echo off', `rem ${launcherMark}`, ...(host.electron ? ['set ELECTRON_RUN_AS_NODE=1'] : []), `"${host.execPath}" "${cliPath}" %*`, ''].join('\r\n');
  }
  return ['#!/bin/sh', `# ${launcherMark}`, ...(host.electron ? ['export ELECTRON_RUN_AS_NODE=1'] : []), `exec ${shellQuote(host.execPath)} ${shellQuote(cliPath)} "$@"`, ''].join('\n');
}

/** Whether a folder is on a PATH value (trailing separators ignored; Windows compares without case). */
export function onPath(folder: string, pathValue: string | undefined, platform: NodeJS.Platform): boolean {
  const separator = platform === 'win32' ? ';' : ':';
  const normalize = (p: string) => {
    const trimmed = p.replace(/[\\/]+$/, '');
    return platform === 'win32' ? trimmed.toLowerCase() : trimmed;
  };
  return (pathValue ?? '').split(separator).some((entry) => entry !== '' && normalize(entry) === normalize(folder));
}
