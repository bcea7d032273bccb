/** 0 → "0:00", 95 → "1:35", 3725 → "1:02:05". Negative or non-finite input counts as 0. */
export function formatDuration(totalSeconds: number | null | undefined): string {
  const seconds =
    Number.isFinite(totalSeconds) && (totalSeconds as number) > 0 ? Math.floor(totalSeconds as number) : 0;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
