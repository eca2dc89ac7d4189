import { dirname, resolve } from 'node:path';
import type { ParsedEcosystem } from '../../../core/pactown/parse';
import type { ServiceConfig } from '../../../core/pactown/model';

export interface ReadmeUser {
  ecosystemPath: string;
  service: ServiceConfig;
}

/** The workspace's pactown ecosystems (open or on disk), and which README each service uses. */
export class EcosystemIndex {
  private readonly ecosystems = new Map<string, ParsedEcosystem>();

  set(path: string, parsed: ParsedEcosystem): void {
    this.ecosystems.set(path, parsed);
  }

  delete(path: string): void {
    this.ecosystems.delete(path);
  }

  has(path: string): boolean {
    return this.ecosystems.has(path);
  }

  get(path: string): ParsedEcosystem | undefined {
    return this.ecosystems.get(path);
  }

  paths(): string[] {
    return [...this.ecosystems.keys()];
  }

  /** Services, in any indexed ecosystem, whose `readme:` resolves to this file. */
  usersOf(readmePath: string): ReadmeUser[] {
    const users: ReadmeUser[] = [];
    for (const [ecosystemPath, parsed] of this.ecosystems) {
      for (const service of parsed.config.services) {
        if (readmePathOf(ecosystemPath, service) === readmePath) users.push({ ecosystemPath, service });
      }
    }
    return users;
  }
}

/** Where a service's README is: `readme:` is relative to the ecosystem file's folder. */
export function readmePathOf(ecosystemPath: string, service: ServiceConfig): string {
  return resolve(dirname(ecosystemPath), service.readme);
}
