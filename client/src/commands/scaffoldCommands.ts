import * as vscode from 'vscode';
import type { ExtensionContextServices } from '../context';
import { exportEcosystem } from './exportEcosystem';
import { generateEcosystem } from './generateEcosystem';
import { newService } from './newService';

/** "New service…", "Generate ecosystem from READMEs" and "Export ecosystem…": they write files and run nothing, so trust is not asked. */
export function registerScaffoldCommands(services: ExtensionContextServices): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('markpact.newService', (arg?: unknown) => newService(services, arg)),
    vscode.commands.registerCommand('markpact.generateEcosystem', (arg?: unknown) => generateEcosystem(services, arg)),
    vscode.commands.registerCommand('markpact.exportEcosystem', (arg?: unknown) => exportEcosystem(services, arg)),
  ];
}
