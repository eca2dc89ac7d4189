import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Computes a value once per document version and shares it between features. */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();

  constructor(private readonly compute: (text: string) => T) {}

  get(doc: TextDocument): T {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.value;
    const value = this.compute(doc.getText());
    this.entries.set(doc.uri, { version: doc.version, value });
    return value;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
