/**
 * What must be undone if mamx is stopped while it holds a lock or a half-written temporary file:
 * SIGINT, SIGTERM and SIGHUP run these tasks, then end the process with the same signal, so a
 * stopped mamx releases its lock at once and leaves nothing partial. Handlers exist only while a
 * task is registered; otherwise Node's default (end at once) stands.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const tasks = new Set<() => void>();

function runTasks(): void {
  for (const task of [...tasks]) {
    tasks.delete(task);
    try {
      task();
    } catch {
      // Best effort: the process is ending; the next mamx sweeps what is left.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runTasks();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', runTasks);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off('exit', runTasks);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Registers `task` to run if the process ends before the returned function is called. */
export function onAbort(task: () => void): () => void {
  if (tasks.size === 0) install();
  tasks.add(task);
  return () => {
    tasks.delete(task);
    if (tasks.size === 0) uninstall();
  };
}

/**
 * Lets a pending signal be handled now. Node runs signal handlers only between turns of its event
 * loop, and a write is synchronous from its temporary file to the rename: called just before it,
 * this makes a SIGTERM that arrived while mamx was busy end it with nothing written.
 */
export function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
