import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../text/span';
import { invalid, readText, reportKeyless, unknownField, type ReadContext } from './fieldValues';
import type { DependencyRef } from './model';
import { describe, isNull, type Entry } from './yamlNodes';

const CRASH = "pactown's loader crashes on it (TypeError)";

/** A service's `depends_on`, in both forms (spec §2.3), reporting what pactown's loader rejects. */
export function readDependsOn(ctx: ReadContext, entry: Entry): DependencyRef[] {
  const { value } = entry;
  if (isSeq(value)) return ctx.reader.items(value).flatMap((item) => readEntry(ctx, item.value, item.span) ?? []);
  if (isNull(value)) {
    invalid(ctx, entry.keySpan, 'error', `\`depends_on\` is empty (null): ${CRASH}. Write a list (depends_on: [api]) or remove the line`);
    return [];
  }
  if (isScalar(value) && typeof value.value === 'string') {
    const text = value.value;
    invalid(ctx, entry.valueSpan, 'error', `\`depends_on\` must be a list: pactown reads the string '${text}' letter by letter, as services ${[...text].slice(0, 3).map((c) => `'${c}'`).join(', ')}…. Write depends_on: [${text}]`, { data: { suggestion: `[${text}]` } });
    return [fromString(ctx, value, entry.valueSpan)];
  }
  if (isMap(value)) {
    invalid(ctx, entry.valueSpan, 'error', '`depends_on` must be a list, not a mapping: pactown only takes its keys as service names (docker-compose conditions are not supported). Write a list: depends_on: [db, api]');
    return ctx.reader.entries(value).flatMap((e) => (e.key === undefined ? [] : [{ name: e.key, version: '*', registry: 'local', span: e.keySpan, nameSpan: e.keySpan, scalarSpan: e.keySpan }]));
  }
  invalid(ctx, entry.valueSpan, 'error', `\`depends_on\` must be a list of service names, not ${describe(value)}: ${CRASH}. Write e.g. depends_on: [api]`);
  return [];
}

function readEntry(ctx: ReadContext, value: Node | null, span: Span): DependencyRef | undefined {
  if (isScalar(value) && typeof value.value === 'string') return fromString(ctx, value, span);
  if (isMap(value)) return fromMapping(ctx, value, span);
  const what = isNull(value) ? 'an empty item' : describe(value);
  invalid(ctx, span, 'error', `a depends_on entry must be a service name or a mapping with \`name:\`, not ${what}: ${CRASH}. Write a name, e.g. - api`);
  return undefined;
}

/** `name` or `name@version`: pactown splits on every '@' and keeps the first two parts. */
function fromString(ctx: ReadContext, node: Scalar, span: Span): DependencyRef {
  const text = String(node.value);
  const [name = '', version = '*', ...rest] = text.split('@');
  if (name === '') {
    invalid(ctx, span, 'error', `'${text}' has no name before '@': pactown looks for a service called ''. Write name@version, e.g. api@1.0`);
  } else if (rest.length > 0) {
    invalid(ctx, span, 'warning', `'${text}' has more than one '@': pactown reads name '${name}' and version '${version}' and drops the rest. Write name@version`);
  }
  return { name, version, registry: 'local', span, nameSpan: innerSpan(node, span, name.length), scalarSpan: span };
}

/** The span of the first `length` characters of a scalar's value, when its source is that value verbatim. */
function innerSpan(node: Scalar, span: Span, length: number): Span {
  const valueLength = String(node.value).length;
  const width = span.end - span.start;
  const offset = node.type === 'PLAIN' && width === valueLength ? 0
    : (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') && width === valueLength + 2 ? 1
      : undefined;
  return offset === undefined ? span : { start: span.start + offset, end: span.start + offset + length };
}

function fromMapping(ctx: ReadContext, map: YAMLMap, span: Span): DependencyRef | undefined {
  const dependency: Partial<DependencyRef> & Pick<DependencyRef, 'version' | 'registry' | 'span'> = { version: '*', registry: 'local', span };
  let named = false;
  for (const entry of ctx.reader.entries(map)) {
    switch (entry.key) {
      case undefined:
        reportKeyless(ctx, entry);
        break;
      case 'name': {
        named = true;
        const name = readText(ctx, entry, { severity: 'error', effect: 'cannot match it to a service' });
        if (name !== undefined) [dependency.name, dependency.nameSpan, dependency.scalarSpan] = [name, entry.valueSpan, entry.valueSpan];
        break;
      }
      case 'version':
        dependency.version = readText(ctx, entry, { severity: 'warning', effect: 'sends its Python text to the registry' }) ?? dependency.version;
        break;
      case 'registry':
        dependency.registry = readText(ctx, entry, { severity: 'warning', effect: 'treats the dependency as external' }) ?? dependency.registry;
        break;
      case 'endpoint':
      case 'env_var': {
        const text = readText(ctx, entry, { severity: 'warning', effect: 'passes its Python text', nullable: true });
        if (text === undefined) break;
        if (entry.key === 'endpoint') dependency.endpoint = text;
        else dependency.envVar = text;
        break;
      }
      default:
        unknownField(ctx, entry, 'dependency', 'error', "pactown's loader crashes on it (TypeError: unexpected keyword argument)");
    }
  }
  if (dependency.name === undefined) {
    if (!named) invalid(ctx, span, 'error', `this depends_on mapping has no \`name\`: ${CRASH}. Add name: <service>`);
    return undefined;
  }
  return { ...dependency, name: dependency.name, nameSpan: dependency.nameSpan ?? span, scalarSpan: dependency.scalarSpan ?? span };
}
