import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

/**
 * Over stdio the reader is ours, to watch it: bytes that are not the protocol (a broken client,
 * garbage on stdin) leave a reader that no longer frames messages. The server then says so on
 * stderr and exits, so the client restarts it, instead of running on without answering.
 */
function stdioConnection() {
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(`markpact language server: the input is not the language server protocol (${error.message}); exiting so the client can restart it\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

// The transport (--stdio, --node-ipc, --socket=…) comes from the command line.
const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);

// Anything written to stdout would corrupt the protocol stream when running over stdio.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

startServer(connection);
