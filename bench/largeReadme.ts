const fence = '```';

/** A realistic README of about `lines` lines: prose, lists, tables and markpact blocks every ~25 lines. */
export function largeReadme(lines: number): string {
  const out: string[] = ['# Big service', '', 'A long README that describes one service.', ''];
  let section = 0;
  while (out.length < lines) {
    section++;
    out.push(`## Section ${section}`, '', `Some prose for section ${section}, with *emphasis*, \`code\` and a [link](https://example.com/${section}).`, '');
    out.push(`- item one of ${section}`, `- item two with \`inline\``, '  continued line', '');
    out.push('| a | b |', '|---|---|', `| ${section} | ${section * 2} |`, '');
    if (section % 2 === 0) {
      out.push(`${fence}python markpact:file path=pkg/module_${section}.py`, 'import os', '', 'def handler():', `    return ${section}`, fence, '');
    } else {
      out.push(`${fence}text markpact:deps python`, `package-${section}==1.${section}`, `helper-${section}>=2`, fence, '');
    }
  }
  out.push(`${fence}bash markpact:run`, 'python -m http.server $PORT', fence, '');
  return out.join('\n');
}
