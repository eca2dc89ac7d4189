import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { plainReadsAsString } from '../../../../core/pactown/parse';
import type { EcosystemConfig, ServiceConfig } from '../../../../core/pactown/model';
import { envKey, isReservedServiceName, isSafeServiceName, maxServiceNameLength } from '../../../../core/pactown/serviceName';
import { documentKind } from '../documentKind';
import type { LanguageService } from '../languageService';
import { uriToPath } from '../paths';
import { rangeOf } from './documentText';
import { readmeVariableRefs, serviceNameAt, serviceRenameEdits } from './serviceReferences';
import { lineUnderKey, unquoted } from './yamlEdits';

/** Why a rename cannot happen, in words the editor shows as they are. */
export class RenameRefused extends Error {}

const WHERE = "Put the cursor on a service's key under services: or on a depends_on entry to rename it";

/** The name under the cursor (without quotes) and its text, or RenameRefused saying why there is none. */
export function prepareRename(service: LanguageService, doc: TextDocument, position: Position): { range: Range; placeholder: string } {
  const kind = documentKind(doc.uri, doc.languageId);
  if (kind === 'markdown') throw new RenameRefused(`Services are renamed in their ecosystem file (*.pactown.yaml), which also updates the <NAME>_URL variables of this README. ${WHERE}`);
  if (kind !== 'ecosystem') throw new RenameRefused(`Only services of pactown ecosystem files can be renamed. ${WHERE}`);
  const { target } = renamedService(service, doc, position);
  return { range: rangeOf(doc, unquoted(doc, target.span)), placeholder: target.name };
}

/**
 * Renames a service: its key, every `depends_on` entry naming it, and `<OLD>_URL`/`_HOST`/`_PORT`
 * where the READMEs its dependents run read them from it (see readmeVariableRefs). A service
 * without `readme:` found its README by its name, so it gets `readme: <old>/README.md` to keep it.
 */
export async function rename(service: LanguageService, doc: TextDocument, position: Position, newName: string): Promise<WorkspaceEdit> {
  const { config, target } = renamedService(service, doc, position);
  const old = target.name;
  if (newName === old) return { changes: {} };
  refuseName(config, old, newName);
  const edits = serviceRenameEdits(doc, config, old, newName);
  if (!target.readmeSpan) {
    const readme = `${old}/README.md`;
    const pin = lineUnderKey(doc, target.nameSpan, `readme: ${plainReadsAsString(readme) ? readme : JSON.stringify(readme)}`);
    if (!pin) throw new RenameRefused(`'${old}' has no readme: and finds its README by its name (${old}/README.md); add readme: ${old}/README.md to it first, then rename`);
    edits.push(pin);
  }
  const changes: Record<string, TextEdit[]> = { [doc.uri]: edits };
  const path = uriToPath(doc.uri);
  if (path && envKey(newName) !== envKey(old)) {
    const refs = await readmeVariableRefs(service, path, config, old);
    if (refs.tooMany) throw new RenameRefused(`'${old}' has dependents running ${refs.tooMany} READMEs; a rename updates the variables of at most 500`);
    if (refs.conflict) throw new RenameRefused(`Cannot rename '${old}': ${refs.conflict}`);
    for (const readme of refs.readmes) {
      changes[readme.document.uri] = readme.spans.map(({ span, suffix }) => ({ range: rangeOf(readme.document, span), newText: `${envKey(newName)}${suffix}` }));
    }
  }
  return { changes };
}

/** The service a rename at this position is about; RenameRefused when the cursor is on no local service's name. */
function renamedService(service: LanguageService, doc: TextDocument, position: Position): { config: EcosystemConfig; target: ServiceConfig & { span: ServiceConfig['nameSpan'] } } {
  const { config } = service.ecosystems.get(doc);
  const at = serviceNameAt(config, doc.offsetAt(position));
  if (!at) throw new RenameRefused(WHERE);
  if (at.registry !== undefined && at.registry !== 'local') throw new RenameRefused(`'${at.name}' is an external dependency (registry '${at.registry}'), not a service of this ecosystem: there is nothing to rename here`);
  if (!at.service) throw new RenameRefused(`'${at.name}' is not a service of this ecosystem, so there is nothing to rename; fix the depends_on entry instead`);
  return { config, target: { ...at.service, span: at.span } };
}

/** RenameRefused unless the new name is a valid service name that changes nothing else's meaning. */
function refuseName(config: EcosystemConfig, old: string, newName: string): void {
  if (isReservedServiceName(newName)) throw new RenameRefused(`'${newName}' is kept by the runtime (<sandbox_root>/${newName} holds its logs); choose another name`);
  if (!isSafeServiceName(newName) || newName.length > maxServiceNameLength) {
    throw new RenameRefused(`'${newName}' is not a valid service name: use letters, digits, '_', '-' and '.', starting with a letter or digit, at most ${maxServiceNameLength} characters (it becomes a folder name and the ${envKey(newName)}_URL prefix)`);
  }
  if (config.services.some((s) => s.name === newName)) throw new RenameRefused(`'${newName}' is already a service of this ecosystem`);
  const named = config.services.find((s) => s.dependsOn.some((d) => d.name === newName));
  if (named) throw new RenameRefused(`'${named.name}' already lists '${newName}' in depends_on: after the rename it would depend on '${old}'. Fix that entry first`);
  const clash = config.services.find((s) => s.name !== old && envKey(s.name) === envKey(newName));
  if (clash) throw new RenameRefused(`'${newName}' and '${clash.name}' would both give their dependents ${envKey(newName)}_URL; choose another name`);
}
