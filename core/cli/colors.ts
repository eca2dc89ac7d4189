/** Colours for a terminal only: never into a pipe or file, nor when asked not to (`--no-color`, NO_COLOR). */
export function wantsColor(stdout: { isTTY?: boolean }, noColor: boolean, env: NodeJS.ProcessEnv): boolean {
  return stdout.isTTY === true && !noColor && !env.NO_COLOR;
}

// As `docker compose logs` colours its services: the normal colours, then the bright ones.
const palette = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/** `text` in the n-th colour of the palette (cycling). */
export function paint(text: string, n: number): string {
  return `\x1b[${palette[n % palette.length]}m${text}\x1b[0m`;
}
