import type { ScalarTag } from 'yaml';

/**
 * PyYAML's float resolver (the reference reads YAML with it): a float needs a dot, an exponent
 * needs a sign, `e10` or `1e10` are strings. The `yaml` library's YAML 1.1 floats take `e10`
 * for a number (NaN) and `1e10` for 10000000000; this tag replaces them.
 */
const pyyamlFloat = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function resolve(text: string): number {
  const plain = text.replace(/_/g, '');
  const sign = plain.startsWith('-') ? -1 : 1;
  const unsigned = plain.replace(/^[-+]/, '');
  if (/^\.(inf|nan)$/i.test(unsigned)) return unsigned.toLowerCase() === '.nan' ? NaN : sign * Infinity;
  // Sexagesimal: 1:20:30.5 is 1×3600 + 20×60 + 30.5.
  if (unsigned.includes(':')) return sign * unsigned.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return sign * Number(unsigned);
}

export const pyyamlFloatTag: ScalarTag = {
  identify: (value) => typeof value === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: pyyamlFloat,
  resolve,
};
