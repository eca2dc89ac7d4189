# Runs a command under a parent that never reaps: it becomes the subreaper of everything the
# command leaves behind (orphans are re-parented to it) and never calls wait(), so every process
# of the tree that exits stays a zombie — as under a container's init without --init, or an init
# that reaps late. Prints the command's pid, then sleeps until killed.
#   python3 no-reap.py <command> [args…]
import ctypes, os, sys, time

PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed")
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
print(pid, flush=True)
while True:
    time.sleep(3600)
