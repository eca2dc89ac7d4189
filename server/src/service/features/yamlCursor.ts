import { isWhitespace, trailing } from '../../../../core/text/trailing';
import type { Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../../../../core/text/span';
import { lineAt } from './documentText';

/** Marks a sequence item in a YamlCursor path. */
export const ITEM = '[]';

/**
 * What the user is typing at a position of a block-style YAML file. Completion needs this on
 * half-written text (`services:\n  api:\n    dep`) where a YAML parser sees a scalar, not a key,
 * so it is read from the indentation of the lines above — the parsed document is not consulted.
 */
export interface YamlCursor {
  /** Keys from the root to the mapping or sequence the cursor is in; ITEM marks a sequence item. */
  path: string[];
  /** `key`: typing a key of the mapping at `path`; `value`: after `key: `; `item`: a scalar sequence item. */
  position: 'key' | 'value' | 'item';
  /** The key whose value is being typed (position `value`). */
  key?: string;
  /** The text typed so far, and the span a completion replaces (to the end of the word). */
  prefix: string;
  replace: Span;
  /** Keys already present in the mapping the cursor is in (not counting the cursor's line). */
  siblings: Set<string>;
  /** A value typed right after the colon needs a space first (`port:8000` is not a mapping). */
  needsSpace: boolean;
  /** The line already has a `:` after the word being replaced (a key completion must not add one). */
  colonFollows: boolean;
}

// A key, then `:`. The plain key takes everything up to the colon (its trailing blanks are trimmed
// by the reader): a lazy key followed by `\s*` would backtrack quadratically on a long blank run.
const KEY_LINE = /^(?:("[^"]*"|'[^']*')[ \t]*|([^\s:#'"\-[{][^:#]*|-[^\s:#][^:#]*)):(?:\s|$)/;

/** The key a KEY_LINE match read: the quoted one, or the plain one without its trailing blanks. */
const keyOf = (match: RegExpExecArray) => match[1] ?? match[2].trimEnd();
const DASH = /^-(?:\s+|$)/;

interface Line {
  text: string;
  indent: number;
  /** Column of the content after `- `, for sequence items. */
  itemCol?: number;
  /** The key this line starts (after `- ` for items). */
  key?: string;
}

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

function readLine(text: string): Line | undefined {
  const indent = text.search(/\S/);
  if (indent < 0 || text[indent] === '#') return undefined;
  let content = text.slice(indent);
  let itemCol: number | undefined;
  const dash = DASH.exec(content);
  if (dash) {
    itemCol = indent + dash[0].length;
    content = content.slice(dash[0].length);
  }
  const keyed = KEY_LINE.exec(content);
  return { text, indent, itemCol, key: keyed ? unquote(keyOf(keyed).trim()) : undefined };
}

/** The cursor context at a position, or undefined where nothing sensible can be typed (comments, flow mappings, …). */
export function yamlCursorAt(doc: TextDocument, position: Position): YamlCursor | undefined {
  const line = lineAt(doc, position);
  const before = line.text.slice(0, position.character);
  const wordEnd = position.character + (/^[^\s,\]:#]*/.exec(line.text.slice(position.character))?.[0].length ?? 0);
  const indent = before.search(/\S/) < 0 ? before.length : before.search(/\S/);
  let rest = before.slice(indent);
  const dash = DASH.exec(rest);
  const contentCol = dash ? indent + dash[0].length : indent;
  if (dash) rest = rest.slice(dash[0].length);
  if (rest.startsWith('#') || /\s#/.test(rest)) return undefined;

  const path = parentPath(doc, position.line, dash ? indent : contentCol, !!dash);
  if (dash) path.push(ITEM);
  const cursor = (fields: Pick<YamlCursor, 'position' | 'key' | 'prefix'> & { path?: string[] }): YamlCursor => {
    const start = line.start + position.character - fields.prefix.length;
    return {
      path: fields.path ?? path,
      position: fields.position,
      key: fields.key,
      prefix: fields.prefix,
      replace: { start, end: line.start + wordEnd },
      siblings: fields.position === 'key' ? siblingKeys(doc, position.line, contentCol, !!dash) : new Set(),
      needsSpace: fields.position === 'value' && /:$/.test(before),
      colonFollows: /^\s*:/.test(line.text.slice(wordEnd)),
    };
  };

  const keyed = KEY_LINE.exec(rest);
  if (keyed) {
    const key = unquote(keyOf(keyed).trim());
    const value = rest.slice(keyed[0].length).replace(/^\s+/, '');
    const flow = /^\[([^\]]*)$/.exec(value);
    if (flow) return cursor({ position: 'item', path: [...path, key, ITEM], prefix: trailing(flow[1], (c) => c !== ',' && !isWhitespace(c)) });
    if (/^[[{"'|>&*!]/.test(value)) return undefined;
    return cursor({ position: 'value', key, prefix: value });
  }
  if (!/^[^\s:]*$/.test(rest) || /^[[{"']/.test(rest)) return undefined;
  return cursor({ position: dash ? 'item' : 'key', prefix: rest });
}

/** Keys of the enclosing mappings, found by walking up to lines with less indentation. */
function parentPath(doc: TextDocument, lineNumber: number, column: number, inSequence: boolean): string[] {
  const keys: string[] = [];
  let threshold = column;
  // A sequence may sit at its key's own indentation (`depends_on:\n- db`).
  let ownerMayShareColumn = inSequence;
  for (let i = lineNumber - 1; i >= 0 && (threshold > 0 || ownerMayShareColumn); i--) {
    const line = readLine(lineAt(doc, { line: i, character: 0 }).text);
    if (!line) continue;
    if (line.itemCol !== undefined) {
      // A `- ` line above us at a smaller indentation: we are inside that item.
      if (line.indent < threshold && line.itemCol <= threshold) {
        keys.push(ITEM);
        threshold = line.indent;
        ownerMayShareColumn = true;
      }
      continue;
    }
    if (line.indent < threshold || (ownerMayShareColumn && line.indent === threshold)) {
      if (line.key === undefined) continue;
      keys.push(line.key);
      threshold = line.indent;
      ownerMayShareColumn = false;
    }
  }
  return keys.reverse();
}

/** Keys at `column` in the same mapping as the cursor's line, above and below it. */
function siblingKeys(doc: TextDocument, lineNumber: number, column: number, cursorStartsItem: boolean): Set<string> {
  const keys = new Set<string>();
  if (cursorStartsItem) return keys;
  for (const step of [-1, 1]) {
    for (let i = lineNumber + step; i >= 0 && i < doc.lineCount; i += step) {
      const line = readLine(lineAt(doc, { line: i, character: 0 }).text);
      if (!line) continue;
      if (line.itemCol !== undefined && line.itemCol === column && line.indent < column) {
        // The first key of a mapping item sits on its `- ` line: a sibling above, the next item below.
        if (step < 0 && line.key !== undefined) keys.add(line.key);
        break;
      }
      if (line.indent < column) break;
      if (line.indent === column && line.itemCol === undefined && line.key !== undefined) keys.add(line.key);
    }
  }
  return keys;
}
