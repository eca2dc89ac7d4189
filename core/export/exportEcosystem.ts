import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { diskReader } from '../diskReader';
import { exportFiles, type ExportFormat, type Wheel } from './exportFiles';
import { engineName } from './names';
import { exportNotes } from './notes';
import { ExportError, planExport, type ExportPlan, type PlanOptions } from './plan';
import { writeExport, type WriteResult } from './writer';

export interface ExportOptions extends PlanOptions {
  format: ExportFormat;
  /** The folder to write (default: `<ecosystem folder>/<name>-<format>`). */
  output?: string;
  /** A folder of wheels: Python dependencies install from it alone, offline. */
  wheelhouse?: string;
  force?: boolean;
}

export interface ExportOutcome extends WriteResult {
  folder: string;
  plan: ExportPlan;
  notes: string[];
}

/** The folder an export writes when none is given: beside the ecosystem file, named after it and the format. */
export function defaultExportFolder(ecosystemPath: string, name: string, format: ExportFormat): string {
  return join(dirname(resolve(ecosystemPath)), `${engineName(name)}-${format}`);
}

/** Reads an ecosystem and its READMEs, and writes its export (nothing is run). */
export async function exportEcosystem(ecosystemPath: string, options: ExportOptions): Promise<ExportOutcome> {
  const path = resolve(ecosystemPath);
  const text = await diskReader.readText(path);
  if (text === undefined) throw new ExportError(`${ecosystemPath}: no such file`);
  const plan = await planExport(path, text, options);
  const folder = options.output ? resolve(options.output) : defaultExportFolder(path, plan.config.name, options.format);
  const files = exportFiles(plan, options.format, options.wheelhouse ? readWheels(options.wheelhouse) : []);
  const result = writeExport(folder, files, { force: options.force === true });
  return { ...result, folder, plan, notes: exportNotes(plan, options.format) };
}

/** The wheels in a folder (regular files ending in .whl; a symlink is not followed). */
function readWheels(folder: string): Wheel[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    throw new ExportError(`--wheelhouse ${folder}: no such folder`);
  }
  const wheels = names.filter((name) => name.endsWith('.whl') && lstatSync(join(folder, name)).isFile()).sort();
  if (wheels.length === 0) throw new ExportError(`--wheelhouse ${folder}: no .whl files in it`);
  return wheels.map((name) => ({ name: basename(name), content: readFileSync(join(folder, name)) }));
}
