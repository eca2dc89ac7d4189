/** Whether `name` is a shell variable name (`[A-Za-z_][A-Za-z0-9_]*`): what `sh` passes on and `${…}` expands. */
export function isShellName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
