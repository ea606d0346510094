/** A debounced function: calls `fn` with the last arguments once `ms` passed without a call. */
export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
  flush(): void;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const run = () => {
    timer = undefined;
    const args = pending;
    pending = undefined;
    if (args) fn(...args);
  };
  const d = ((...args: A) => {
    pending = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  }) as Debounced<A>;
  d.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  d.flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    run();
  };
  return d;
}

/**
 * Hands out increasing tickets so only the answer to the latest call is used
 * (an older, slower answer must not overwrite a newer one).
 */
export class Latest {
  private n = 0;
  next(): number {
    return ++this.n;
  }
  isLatest(ticket: number): boolean {
    return ticket === this.n;
  }
}
