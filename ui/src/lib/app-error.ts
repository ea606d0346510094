import type { ErrorReport } from './bindings/ErrorReport';

/** True when `v` has the shape of the `ErrorReport` every command rejects with. */
export function isErrorReport(v: unknown): v is ErrorReport {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.kind === 'string' &&
    typeof r.message === 'string' &&
    (r.hint === undefined || r.hint === null || typeof r.hint === 'string') &&
    (r.causes === undefined || r.causes === null || Array.isArray(r.causes))
  );
}

/** Fills in what a partial report lacks, so the UI can always show kind + message + hint. */
function normalise(r: ErrorReport): ErrorReport {
  return {
    kind: r.kind || 'error',
    message: r.message,
    hint: r.hint ?? '',
    causes: Array.isArray(r.causes) ? r.causes.map(String) : [],
  };
}

/** Turns whatever a rejected invoke carried into an `ErrorReport`. */
export function toErrorReport(e: unknown, command?: string): ErrorReport {
  if (e instanceof AppError) return e.report;
  if (isErrorReport(e)) return normalise(e);
  const where = command ? ` (${command})` : '';
  if (typeof e === 'string') {
    // Tauri's own failures (unknown command, bad arguments) arrive as plain strings.
    const parsed = tryParseReport(e);
    if (parsed) return parsed;
    return {
      kind: 'ipc',
      message: e || `The app's back end failed${where}.`,
      hint: /not found|missing|invalid args/i.test(e)
        ? 'The window and the app do not agree on this command; the app may need an update.'
        : 'This came from the app itself, not from ServiceNow. Try again; if it repeats, restart the app.',
      causes: [],
    };
  }
  if (e instanceof Error) {
    return {
      kind: 'ipc',
      message: e.message || `The app's back end failed${where}.`,
      hint: 'The window could not reach the app. Restart the app if this repeats.',
      causes: [],
    };
  }
  return {
    kind: 'unknown',
    message: `Something failed${where} without saying why.`,
    hint: 'Try again; if it repeats, restart the app.',
    causes: [],
  };
}

function tryParseReport(s: string): ErrorReport | null {
  if (!s.trimStart().startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(s);
    return isErrorReport(v) ? normalise(v) : null;
  } catch {
    return null;
  }
}

/** What every failed command throws: an `Error` carrying the back end's `ErrorReport`. */
export class AppError extends Error {
  readonly report: ErrorReport;

  constructor(report: ErrorReport) {
    super(report.message);
    this.name = 'AppError';
    this.report = report;
  }

  get kind(): string {
    return this.report.kind;
  }

  get hint(): string {
    return this.report.hint;
  }

  get causes(): string[] {
    return this.report.causes;
  }

  static from(e: unknown, command?: string): AppError {
    return e instanceof AppError ? e : new AppError(toErrorReport(e, command));
  }

  /** A report raised by the window itself (e.g. invalid JSON), shaped like the back end's. */
  static local(kind: string, message: string, hint = '', causes: string[] = []): AppError {
    return new AppError({ kind, message, hint, causes });
  }
}
