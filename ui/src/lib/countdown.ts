/** How urgent a token's remaining lifetime is. */
export type CountdownLevel = 'ok' | 'warning' | 'expired' | 'unknown';

export interface Countdown {
  /** `mm:ss` (or `h:mm:ss` past an hour), `expired`, or `no expiry` when none was given. */
  text: string;
  level: CountdownLevel;
  /** Whole seconds left, 0 once expired; null when the token has no expiry. */
  remaining: number | null;
}

/** Below this many seconds the countdown turns amber. */
export const WARNING_SECONDS = 60;

const pad = (n: number) => String(n).padStart(2, '0');

/** Formats a duration in whole seconds as `mm:ss`, or `h:mm:ss` from one hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(rest)}` : `${pad(m)}:${pad(rest)}`;
}

/**
 * The countdown for a token expiring at `expiresAt` (unix seconds), seen at `nowMs`
 * (milliseconds, as from `Date.now()`).
 */
export function countdown(expiresAt: number | null, nowMs: number): Countdown {
  if (expiresAt === null || !Number.isFinite(expiresAt)) {
    return { text: 'no expiry', level: 'unknown', remaining: null };
  }
  const remaining = Math.max(0, Math.floor(expiresAt - nowMs / 1000));
  if (remaining === 0) return { text: 'expired', level: 'expired', remaining: 0 };
  return {
    text: formatDuration(remaining),
    level: remaining < WARNING_SECONDS ? 'warning' : 'ok',
    remaining,
  };
}
