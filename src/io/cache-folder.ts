import path from 'node:path';

/**
 * The user's own cache folder for mamx: $XDG_CACHE_HOME/mamx or ~/.cache/mamx, ~/Library/Caches/mamx
 * on macOS, %LOCALAPPDATA%\mamx on Windows. bin/mamx.cjs finds the same folder for its code cache
 * with its own copy of these lines (it runs before the bundle is loaded).
 */
export function cacheFolder(env: NodeJS.ProcessEnv, home: string): string {
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'mamx');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'mamx');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'mamx');
}
