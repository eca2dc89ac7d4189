import type { FileReader } from '../workspace';
import { resolveIncludes, type IncludeResult } from './include';
import type { MarkpactDocument } from './model';
import { parseMarkpact } from './parse';
import { deriveService, type ServiceModel } from './service';

export interface LoadedReadme {
  doc: MarkpactDocument;
  includes: IncludeResult;
  service: ServiceModel;
}

/**
 * A README as the orchestrator runs it and the editor checks it: parsed, its includes followed,
 * and the service derived. Undefined when the file cannot be read.
 */
export async function loadReadme(path: string, reader: FileReader, serviceName?: string): Promise<LoadedReadme | undefined> {
  const text = await reader.readText(path);
  if (text === undefined) return undefined;
  return analyzeReadme(path, parseMarkpact(text), reader, serviceName);
}

/** The same for a document already parsed (an open editor's text). */
export async function analyzeReadme(path: string, doc: MarkpactDocument, reader: FileReader, serviceName?: string): Promise<LoadedReadme> {
  const includes = await resolveIncludes(path, doc, reader, parseMarkpact);
  const service = deriveService(includes.blocks, serviceName !== undefined ? { serviceName } : {});
  return { doc, includes, service };
}
