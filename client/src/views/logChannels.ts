import { join } from 'node:path';
import * as vscode from 'vscode';
import { LogFollower } from '../../../core/runtime/logFollower';
import type { CatalogEcosystem } from '../model/catalog';
import { folderName } from '../../../core/pactown/serviceName';

/** Where a service's log is written, whichever process runs it. */
export const logPath = (ecosystem: CatalogEcosystem, service: string) => join(ecosystem.sandboxRoot, 'logs', `${folderName(service)}.log`);

/**
 * One output channel per service, created when first shown, following the service's log file:
 * the same lines whether this window or another process runs it, each with its time and stream.
 */
export class LogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, { channel: vscode.OutputChannel; follower: LogFollower }>();

  async show(ecosystem: CatalogEcosystem, service: string): Promise<void> {
    const key = `${ecosystem.path}#${service}`;
    let entry = this.channels.get(key);
    if (!entry) {
      const channel = vscode.window.createOutputChannel(`pactown: ${ecosystem.readme ? service : `${ecosystem.name}/${service}`}`, 'log');
      const follower = new LogFollower(logPath(ecosystem, service), (text) => channel.append(text));
      entry = { channel, follower };
      this.channels.set(key, entry);
      await follower.start(1_000);
    }
    entry.channel.show(true);
  }

  dispose(): void {
    for (const { channel, follower } of this.channels.values()) {
      follower.close();
      channel.dispose();
    }
    this.channels.clear();
  }
}
