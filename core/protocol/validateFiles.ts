import type { Diagnostic } from 'vscode-languageserver-types';

/**
 * "Validate workspace": the client names files (found by its workspace search), the language
 * server checks each as it would an open document (open documents win over the disk) and
 * answers with the diagnostics; nothing is published, so closed files do not linger in Problems.
 */
export const validateFilesMethod = 'markpact/validateFiles';

export interface ValidateFilesParams {
  uris: string[];
}

export interface ValidatedFile {
  uri: string;
  diagnostics: Diagnostic[];
}
