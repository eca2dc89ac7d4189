/**
 * A run command as the container's main process, so that a stop reaches it. `sh -c` as pid 1
 * neither handles nor forwards SIGTERM (the kernel gives pid 1 no default action), so without this
 * every stop waits out the grace period (Kubernetes: 30 s) and ends in SIGKILL. The command runs in
 * a subshell (a trailing comment or several lines stay its own); on TERM or INT every other process
 * the service's user may signal gets TERM, the shell waits for them and exits 143.
 */
export function forwardingStops(command: string): string {
  return [`trap 'kill -TERM -1 2>/dev/null; wait; exit 143' TERM INT`, '(', command, ') &', 'wait $!'].join('\n');
}
