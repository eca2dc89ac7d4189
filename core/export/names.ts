/**
 * A name every engine accepts as a host name, a Compose service, a Kubernetes object and an
 * image repository: lower-case letters, digits and single dashes, starting with a letter, at
 * most 63 characters (DNS-1035). `API_gw.v2` → `api-gw-v2`; `2fa` → `s-2fa`.
 */
export function engineName(name: string): string {
  const dashed = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const lettered = /^[a-z]/.test(dashed) ? dashed : `s-${dashed}`;
  return lettered.slice(0, 63).replace(/-+$/, '');
}

/** The image a service builds to: `[registry/]<ecosystem>-<service>`. */
export function imageName(ecosystem: string, service: string, registry?: string): string {
  const prefix = registry ? `${registry.replace(/\/+$/, '')}/` : '';
  return `${prefix}${engineName(ecosystem)}-${engineName(service)}`;
}
