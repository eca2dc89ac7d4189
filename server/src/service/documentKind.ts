export type DocumentKind = 'markdown' | 'ecosystem' | 'other';

const ecosystemFile = /\.pactown\.ya?ml$/i;
const markdownFile = /\.(md|markdown)$/i;

/** Which of our two languages a document is, from its language id and name. */
export function documentKind(uri: string, languageId?: string): DocumentKind {
  const path = uri.split(/[?#]/)[0];
  if (ecosystemFile.test(path)) return 'ecosystem';
  if (languageId === 'markdown' || markdownFile.test(path)) return 'markdown';
  return 'other';
}

export function isEcosystemPath(path: string): boolean {
  return ecosystemFile.test(path);
}
