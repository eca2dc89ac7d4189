/**
 * Ecosystem files as the scaffolding commands write them: block style, two-space indentation,
 * every scalar read back by pactown's YAML 1.1 loader as the string or number it was meant to be.
 */

/** A service entry to write. */
export interface ServiceEntry {
  name: string;
  /** Relative to the ecosystem file's folder. */
  readme: string;
  port: number;
  healthCheck?: string;
  dependsOn?: readonly string[];
}

export interface EcosystemFile {
  /** Comment lines at the top (without `# `). */
  header?: readonly string[];
  name: string;
  description?: string;
  basePort: number;
  services: readonly ServiceEntry[];
}

/** Words YAML 1.1 reads as booleans or null (`no: 1` is the key false). */
const SPECIAL_WORDS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;
const PLAIN = /^[A-Za-z/][A-Za-z0-9_./-]*$/;

/**
 * A string as a YAML scalar: plain when it cannot be read as anything else (it starts with a
 * letter or `/` and is no YAML 1.1 boolean or null), else double-quoted (JSON's escapes are YAML's).
 */
export function yamlScalar(text: string): string {
  return PLAIN.test(text) && !SPECIAL_WORDS.test(text) ? text : JSON.stringify(text);
}

/** One service entry, its key at `indent` spaces and its fields two deeper. */
export function serviceEntryLines(entry: ServiceEntry, indent: number, step = 2): string[] {
  const key = ' '.repeat(indent);
  const field = ' '.repeat(indent + step);
  const lines = [`${key}${yamlScalar(entry.name)}:`, `${field}readme: ${yamlScalar(entry.readme)}`, `${field}port: ${entry.port}`];
  if (entry.healthCheck) lines.push(`${field}health_check: ${yamlScalar(entry.healthCheck)}`);
  if (entry.dependsOn?.length) lines.push(`${field}depends_on:`, ...entry.dependsOn.map((d) => `${field}${' '.repeat(step)}- ${yamlScalar(d)}`));
  return lines;
}

/** A whole ecosystem file. */
export function ecosystemYaml(file: EcosystemFile): string {
  // A folder's name can hold a line break: a comment line must stay one line.
  const lines = (file.header ?? []).map((line) => `# ${line.replace(/[\u0000-\u001f\u007f]/g, '?')}`);
  lines.push(`name: ${yamlScalar(file.name)}`);
  if (file.description) lines.push(`description: ${yamlScalar(file.description)}`);
  lines.push(`base_port: ${file.basePort}`);
  if (file.services.length === 0) lines.push('services: {}');
  else lines.push('services:', ...file.services.flatMap((s) => serviceEntryLines(s, 2)));
  return `${lines.join('\n')}\n`;
}
