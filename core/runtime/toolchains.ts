/**
 * Toolchains other than Python and Node, by the program a run command starts: the runtime an
 * exported image needs (`--base-image go=…`) and the name people know. Their own tools fetch
 * their dependencies; the dependency cache does not.
 */
export const otherToolchains: Readonly<Record<string, { runtime: string; name: string }>> = {
  go: { runtime: 'go', name: 'Go' },
  cargo: { runtime: 'rust', name: 'Rust' },
  rustc: { runtime: 'rust', name: 'Rust' },
  php: { runtime: 'php', name: 'PHP' },
  composer: { runtime: 'php', name: 'PHP' },
  ruby: { runtime: 'ruby', name: 'Ruby' },
  bundle: { runtime: 'ruby', name: 'Ruby' },
  java: { runtime: 'java', name: 'Java' },
  mvn: { runtime: 'java', name: 'Java' },
  gradle: { runtime: 'java', name: 'Java' },
  dotnet: { runtime: 'dotnet', name: '.NET' },
  deno: { runtime: 'deno', name: 'Deno' },
  bun: { runtime: 'bun', name: 'Bun' },
};
