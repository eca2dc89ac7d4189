import type { TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseMarkpact } from '../../../../core/markpact/parse';
import { findService, type EcosystemConfig, type ServiceConfig } from '../../../../core/pactown/model';
import { envKey } from '../../../../core/pactown/serviceName';
import type { Span } from '../../../../core/text/span';
import { readmePathOf } from '../ecosystemIndex';
import type { LanguageService } from '../languageService';
import { tooLarge } from '../limits';
import { inSpan, ownBlocks } from './documentText';
import { renameInScalar } from './yamlEdits';

/**
 * Where a service of an ecosystem file is referred to — its key, each `depends_on` entry naming
 * it (list and mapping forms), and the `<NAME>_URL`/`_HOST`/`_PORT` variables its dependents'
 * READMEs read — shared by find-references and rename.
 */

/** A place in the ecosystem file that names a service: the name, inside the YAML scalar holding it. */
export interface YamlNameRef {
  nameSpan: Span;
  scalarSpan: Span;
}

/** What the cursor is on in an ecosystem file: a service's key, or a `depends_on` entry. */
export interface NameAt {
  name: string;
  span: Span;
  /** The service it names, when this ecosystem defines it. */
  service?: ServiceConfig;
  /** The entry's registry, for a `depends_on` entry. */
  registry?: string;
}

export function serviceNameAt(config: EcosystemConfig, offset: number): NameAt | undefined {
  for (const s of config.services) {
    if (inSpan(s.nameSpan, offset)) return { name: s.name, span: s.nameSpan, service: s };
  }
  for (const s of config.services) {
    for (const dep of s.dependsOn) {
      if (!inSpan(dep.nameSpan, offset)) continue;
      const defined = dep.registry === 'local' ? findService(config, dep.name) : undefined;
      return { name: dep.name, span: dep.nameSpan, registry: dep.registry, ...(defined ? { service: defined } : {}) };
    }
  }
  return undefined;
}

/** The key of `name` and every local `depends_on` entry naming it, each place once (an aliased list is read for every service using it). */
export function yamlReferences(config: EcosystemConfig, name: string): YamlNameRef[] {
  const refs = new Map<number, YamlNameRef>();
  const own = findService(config, name);
  if (own) refs.set(own.nameSpan.start, { nameSpan: own.nameSpan, scalarSpan: own.nameSpan });
  for (const s of config.services) {
    for (const dep of s.dependsOn) {
      if (dep.name === name && dep.registry === 'local') refs.set(dep.nameSpan.start, { nameSpan: dep.nameSpan, scalarSpan: dep.scalarSpan });
    }
  }
  return [...refs.values()].sort((a, b) => a.nameSpan.start - b.nameSpan.start);
}

/** The ecosystem file's part of a rename: the key and every `depends_on` entry, quoted as each needs. */
export function serviceRenameEdits(doc: TextDocument, config: EcosystemConfig, oldName: string, newName: string): TextEdit[] {
  return yamlReferences(config, oldName).map((ref) => renameInScalar(doc, ref.nameSpan, ref.scalarSpan, newName));
}

/** The variables a dependency gives its dependents (spec §3.3, scheme A; core/runtime/serviceEnv.ts). */
export const VARIABLE_SUFFIXES = ['_URL', '_HOST', '_PORT'] as const;

/** A README's places that read a dependency's variables. */
export interface ReadmeVariableRefs {
  path: string;
  /** The README's text, for line/character positions. */
  document: TextDocument;
  spans: { span: Span; suffix: (typeof VARIABLE_SUFFIXES)[number] }[];
}

export interface VariableRefsResult {
  readmes: ReadmeVariableRefs[];
  /** Why renaming the variables would break a service (a README shared with one that reads them from elsewhere). */
  conflict?: string;
  /** More READMEs than are read for one request. */
  tooMany?: number;
}

/** READMEs read for one rename or references request, at most. */
const MAX_READMES = 500;

interface ReadmeUser {
  service: ServiceConfig;
  /** The ecosystem file, when it is another one than the file being edited. */
  elsewhere?: string;
}

/**
 * The places in the READMEs this ecosystem runs where `<NAME>_URL`, `_HOST` or `_PORT` of service
 * `name` is read. A README's variable counts when a service running it depends on `name` and
 * gets the variable from that dependency: not when its `env:` sets it, nor when an `env_var:`
 * names it (that name stays when the service is renamed), nor when another of its dependencies
 * has the same prefix. Only the bodies of markpact blocks are read (prose and deps lists are not).
 */
export async function readmeVariableRefs(service: LanguageService, ecosystemPath: string, config: EcosystemConfig, name: string): Promise<VariableRefsResult> {
  const key = envKey(name);
  const users = readmeUsers(service, ecosystemPath, config);
  const planned: { path: string; variables: string[] }[] = [];
  let conflict: string | undefined;
  for (const [path, list] of users) {
    const variables: string[] = [];
    for (const suffix of VARIABLE_SUFFIXES) {
      const variable = `${key}${suffix}`;
      const fromDependency = new Set(list.filter((u) => !u.elsewhere && readsDependency(u.service, name, variable)));
      if (fromDependency.size === 0) continue;
      const other = list.find((u) => !fromDependency.has(u) && otherSource(u.service, name, variable, !!u.elsewhere));
      if (other) {
        conflict ??= `${path} is also run by '${other.service.name}'${other.elsewhere ? ` in ${other.elsewhere}` : ''}, which gets ${variable} from ` +
          `${otherSource(other.service, name, variable, !!other.elsewhere)}: renaming the variable there would break it`;
        continue;
      }
      variables.push(variable);
    }
    if (variables.length > 0) planned.push({ path, variables });
  }
  if (planned.length > MAX_READMES) return { readmes: [], tooMany: planned.length };
  const readmes: ReadmeVariableRefs[] = [];
  for (const { path, variables } of planned) {
    const found = await variablesIn(service, path, variables, key);
    if (found) readmes.push(found);
  }
  return conflict ? { readmes, conflict } : { readmes };
}

/** Every service (of this file and of the other indexed ecosystems) by the README it runs, for the READMEs this file's services run. */
function readmeUsers(service: LanguageService, ecosystemPath: string, config: EcosystemConfig): Map<string, ReadmeUser[]> {
  const users = new Map<string, ReadmeUser[]>();
  for (const s of config.services) {
    const path = readmePathOf(ecosystemPath, s);
    const list = users.get(path);
    if (list) list.push({ service: s });
    else users.set(path, [{ service: s }]);
  }
  for (const other of service.index.paths()) {
    if (other === ecosystemPath) continue;
    for (const s of service.index.get(other)?.config.services ?? []) {
      const list = users.get(readmePathOf(other, s));
      if (list) list.push({ service: s, elsewhere: other });
    }
  }
  return users;
}

/** A service of this file that depends on `name` and gets `variable` from it. */
function readsDependency(s: ServiceConfig, name: string, variable: string): boolean {
  return s.dependsOn.some((d) => d.name === name && d.registry === 'local') && !otherSource(s, name, variable, false);
}

/** Where else a service gets `variable` from: its `env:`, an `env_var:`, or a dependency with the same prefix (in another ecosystem, any). */
function otherSource(s: ServiceConfig, name: string, variable: string, elsewhere: boolean): string | undefined {
  if (Object.hasOwn(s.env, variable)) return 'its env:';
  const named = s.dependsOn.find((d) => d.envVar === variable);
  if (named) return `the env_var: of its dependency '${named.name}'`;
  const prefix = variable.slice(0, variable.lastIndexOf('_'));
  const same = s.dependsOn.find((d) => (elsewhere || d.name !== name) && envKey(d.name) === prefix);
  return same ? `its dependency '${same.name}'` : undefined;
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

async function variablesIn(service: LanguageService, path: string, variables: string[], key: string): Promise<ReadmeVariableRefs | undefined> {
  const text = await service.files.readText(path);
  if (text === undefined || tooLarge('markdown', text)) return undefined;
  const open = service.openDocumentAt(path);
  const parsed = open ? service.markdown.get(open) : parseMarkpact(text);
  const spans: ReadmeVariableRefs['spans'] = [];
  for (const block of ownBlocks(parsed)) {
    if (block.kind === 'deps') continue;
    for (const line of block.lines) {
      for (let at = line.text.indexOf(key); at >= 0; at = line.text.indexOf(key, at + 1)) {
        const variable = variables.find((v) => line.text.startsWith(v, at));
        if (!variable || IDENTIFIER_CHAR.test(line.text[at - 1] ?? '') || IDENTIFIER_CHAR.test(line.text[at + variable.length] ?? '')) continue;
        const suffix = VARIABLE_SUFFIXES.find((s) => variable.endsWith(s))!;
        spans.push({ span: { start: line.span.start + at, end: line.span.start + at + variable.length }, suffix });
      }
    }
  }
  if (spans.length === 0) return undefined;
  return { path, document: open ?? TextDocument.create(service.uriOf(path), 'markdown', 0, text), spans };
}
