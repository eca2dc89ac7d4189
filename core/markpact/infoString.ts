import type { Attribute, MarkpactBlock, Token } from './model';

export type Header = Pick<MarkpactBlock, 'kind' | 'form' | 'lang' | 'langSpan' | 'kindSpan' | 'markerSpan' | 'meta' | 'words' | 'attributes'>;

const marker = 'markpact:';
const attributePattern = /^([A-Za-z_][\w-]*)=(.*)$/s;

function words(text: string, offset: number): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const start = offset + match.index;
    tokens.push({ text: match[0], span: { start, end: start + match[0].length } });
  }
  return tokens;
}

/**
 * Reads a fence's info string (starting at `offset` in the document) as a markpact header:
 * ```` <lang> markpact:<kind> <meta> ```` (current) or ```` markpact:<kind> <meta> ```` (legacy).
 * Undefined when the info string is not a markpact header.
 */
export function parseInfoString(info: string, offset: number): Header | undefined {
  const tokens = words(info, offset);
  const markerIndex = tokens.findIndex((t, i) => i <= 1 && t.text.startsWith(marker));
  if (markerIndex < 0) return undefined;
  const markerToken = tokens[markerIndex];
  const kindStart = markerToken.span.start + marker.length;
  const metaTokens = tokens.slice(markerIndex + 1);
  const header: Header = {
    kind: markerToken.text.slice(marker.length),
    form: markerIndex === 0 ? 'legacy' : 'current',
    lang: markerIndex === 0 ? '' : tokens[0].text,
    kindSpan: { start: kindStart, end: markerToken.span.end },
    markerSpan: markerToken.span,
    meta: metaTokens.length > 0 ? info.slice(metaTokens[0].span.start - offset, metaTokens[metaTokens.length - 1].span.end - offset) : '',
    words: [],
    attributes: [],
  };
  if (markerIndex === 1) header.langSpan = tokens[0].span;
  for (const token of metaTokens) {
    const match = attributePattern.exec(token.text);
    if (!match) {
      header.words.push(token);
      continue;
    }
    const keyEnd = token.span.start + match[1].length;
    const attribute: Attribute = {
      key: match[1],
      value: match[2],
      span: token.span,
      keySpan: { start: token.span.start, end: keyEnd },
      valueSpan: { start: keyEnd + 1, end: token.span.end },
    };
    header.attributes.push(attribute);
  }
  return header;
}
