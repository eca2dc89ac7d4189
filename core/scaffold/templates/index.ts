import { express } from './express';
import { fastapi } from './fastapi';
import { flask } from './flask';
import { nodeHttp } from './nodeHttp';
import { pythonStdlib } from './pythonStdlib';
import type { ServiceTemplate } from './template';

export type { ServiceTemplate } from './template';

/** Every template, the offline ones first (the default is the first). */
export const serviceTemplates: readonly ServiceTemplate[] = [pythonStdlib, nodeHttp, fastapi, flask, express];

export function findTemplate(id: string): ServiceTemplate | undefined {
  return serviceTemplates.find((t) => t.id === id);
}
