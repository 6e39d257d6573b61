// Preloaded into a measured process (node --import): writes its peak RSS in KiB to $MAXRSS_FILE on exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.MAXRSS_FILE) writeFileSync(process.env.MAXRSS_FILE, String(process.resourceUsage().maxRSS));
});
