/** The current time, ticking while something on screen uses it. */
class Clock {
  now = $state(Date.now());
  private timer: ReturnType<typeof setInterval> | undefined;
  private users = 0;

  /** Starts ticking; call the returned function when done (e.g. from an effect's cleanup). */
  use(): () => void {
    this.now = Date.now();
    if (this.users++ === 0) {
      this.timer = setInterval(() => (this.now = Date.now()), 250);
    }
    return () => {
      if (--this.users === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }
}

export const clock = new Clock();
