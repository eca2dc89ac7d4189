import type { OwnerInfo, OwnerKind } from './protocol';
import { parseBoundedJson } from '../text/boundedJson';

/** What the registry keeps of a run, so that its processes can be found if its controller dies. */
export interface RunRecord {
  format: 1;
  /** The ecosystem file's real path. */
  ecosystem: string;
  runId: string;
  owner: OwnerInfo;
  /** No process of the run started before this (clock ticks after boot). */
  sinceTicks: number;
  startedAt: string;
  /** Each service's latest process (its group leader), recorded before it may run. */
  services: Record<string, { pid: number }>;
}

const ownerKinds: readonly OwnerKind[] = ['cli', 'supervisor', 'window'];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isPid = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 1;

/** Biggest record read; a larger file is not a record of ours. */
export const maxRecordBytes = 1024 * 1024;

/**
 * A record as read from disk, checked field by field (the folder is private, but a record is
 * still not trusted further than its shape); undefined when it is not one.
 */
export function parseRunRecord(text: string): RunRecord | undefined {
  const value = parseBoundedJson(text, maxRecordBytes);
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<RunRecord>;
  const owner = r.owner as Partial<OwnerInfo> | undefined;
  if (r.format !== 1 || typeof r.ecosystem !== 'string' || typeof r.runId !== 'string' || !uuid.test(r.runId)) return undefined;
  if (!owner || !isPid(owner.pid) || !ownerKinds.includes(owner.kind as OwnerKind) || typeof owner.label !== 'string') return undefined;
  if (!Number.isSafeInteger(r.sinceTicks) || (r.sinceTicks as number) < 0 || typeof r.startedAt !== 'string') return undefined;
  if (typeof r.services !== 'object' || r.services === null || Array.isArray(r.services)) return undefined;
  const services: RunRecord['services'] = {};
  for (const [name, entry] of Object.entries(r.services)) {
    if (name.length > 200 || typeof entry !== 'object' || entry === null || !isPid((entry as { pid?: unknown }).pid)) return undefined;
    services[name] = { pid: (entry as { pid: number }).pid };
  }
  return { format: 1, ecosystem: r.ecosystem, runId: r.runId, owner: { pid: owner.pid, kind: owner.kind as OwnerKind, label: owner.label.slice(0, 200) }, sinceTicks: r.sinceTicks as number, startedAt: r.startedAt, services };
}
