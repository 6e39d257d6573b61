/** Calendar dates as the policy file stores them: YYYY-MM-DD, a real date. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
