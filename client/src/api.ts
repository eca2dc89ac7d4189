import type { Event } from 'vscode';
import type { ServiceState } from '../../core/runtime/serviceStatus';
import type { ServiceNode } from './model/serviceTree';
import type { TestingApi } from './testing/registerTesting';

/**
 * What `activate()` returns (`vscode.extensions.getExtension('markpact.markpact').exports`): a read-only
 * look at the Services view for other extensions and for the end-to-end tests.
 */
export interface MarkpactApi extends TestingApi {
  /** The Services view's rows, computed now (the same code the view runs). */
  serviceTree(): Promise<readonly ServiceNode[]>;
  /** A service changed state, in a run of this window or one it follows (every transition, in order). */
  onDidChangeServiceState: Event<ServiceStateChange>;
  /** The rows may differ: an ecosystem file or README changed, or a run did (what the view itself refreshes on). */
  onDidChangeServiceTree: Event<void>;
  /** The dependency cache folder in use. */
  cacheDirectory(): string;
  /** What the extension adds to the PATH of the window's terminals: the folder of its `pactown` launcher, prepended. */
  terminalPath(): { value: string; prepended: boolean } | undefined;
}

export interface ServiceStateChange {
  ecosystemPath: string;
  service: string;
  state: ServiceState;
  pid?: number;
  /** Why it failed, or what a blocked service waits on. */
  error?: string;
}
