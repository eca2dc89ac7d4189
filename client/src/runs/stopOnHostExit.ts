import type { Disposable } from 'vscode';

const fatalSignals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * Services started in this window must not outlive its extension host, however it ends: a normal
 * exit runs `exit` listeners, but a signal (code-server stopped, the window's process killed) ends
 * the host without them. On a signal this kills the services, then re-raises the signal so the
 * host ends exactly as it would have.
 */
export function stopOnHostExit(killServices: () => void): Disposable {
  const onExit = () => killServices();
  const onSignal = (signal: NodeJS.Signals) => {
    killServices();
    detach();
    process.kill(process.pid, signal);
  };
  const detach = () => {
    process.off('exit', onExit);
    for (const signal of fatalSignals) process.off(signal, onSignal);
  };
  process.once('exit', onExit);
  for (const signal of fatalSignals) process.on(signal, onSignal);
  return { dispose: detach };
}
