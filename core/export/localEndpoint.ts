/** An `endpoint:` that names this machine: it means nothing inside a container, so an export never copies it in. */
export function isLocalEndpoint(endpoint: string): boolean {
  return /^([a-z][a-z0-9+.-]*:\/\/)?(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])([:/?#]|$)/i.test(endpoint.trim());
}
