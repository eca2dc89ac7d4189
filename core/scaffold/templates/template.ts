/** A starting point for a new service: a markpact README that serves `/` and `/health` on the port pactown gives it. */
export interface ServiceTemplate {
  id: 'python' | 'fastapi' | 'flask' | 'node' | 'express';
  label: string;
  /** One line for a picker. */
  detail: string;
  /** What its deps block installs; empty: it runs offline, with nothing to install. */
  packages: readonly string[];
  readme(name: string): string;
}

export interface ReadmeParts {
  name: string;
  /** A sentence under the title: what the service is made of. */
  intro: string;
  deps?: { lang: 'python' | 'node'; lines: readonly string[] };
  files: readonly { path: string; lang: string; content: string }[];
  run: string;
}

const fence = '```';

/**
 * The README every template writes: the service's blocks, then an HTTP test block that checks
 * the two routes. The run command listens on the port pactown passes in `MARKPACT_PORT` (and
 * `PORT`), so the ecosystem file decides it.
 */
export function markpactReadme(parts: ReadmeParts): string {
  const sections = [
    `# ${parts.name}`,
    `${parts.intro} It answers \`GET /\` and \`GET /health\` on the port pactown gives it (\`MARKPACT_PORT\`).`,
  ];
  if (parts.deps) sections.push(`${fence}${parts.deps.lang} markpact:deps\n${parts.deps.lines.join('\n')}\n${fence}`);
  for (const file of parts.files) sections.push(`${fence}${file.lang} markpact:file path=${file.path}\n${file.content.trimEnd()}\n${fence}`);
  sections.push(`${fence}bash markpact:run\n${parts.run}\n${fence}`);
  sections.push('Its tests: each line is a request and the status the running service must answer.');
  sections.push(`${fence}http markpact:test\nGET /health EXPECT 200\nGET / EXPECT 200\n${fence}`);
  return `${sections.join('\n\n')}\n`;
}
