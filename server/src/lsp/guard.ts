import { ResponseError, type Connection } from 'vscode-languageserver/node';

/**
 * Wraps a request handler so that no input can crash the server: an exception is logged and the
 * request answers with an empty result instead. A ResponseError is a deliberate answer (a refused
 * rename says why) and goes to the client as it is.
 */
export function guard<P extends unknown[], R>(
  connection: Connection,
  name: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}
