/**
 * A counting semaphore, first come first served: `enter` resolves once fewer than
 * `slots` holders are in; each holder gives its slot back through the function it got.
 */
export class Turnstile {
  private inside = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  /** Holders inside now, and callers waiting for a slot. */
  get state(): { inside: number; waiting: number } {
    return { inside: this.inside, waiting: this.queue.length };
  }

  /** Waits for a slot; resolves with the function that gives it back (later calls do nothing). */
  async enter(): Promise<() => void> {
    if (this.inside < this.slots) this.inside += 1;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.queue.shift();
      // The slot passes straight to the next in line; only with nobody waiting is it freed.
      if (next) next();
      else this.inside -= 1;
    };
  }
}

/**
 * Operations estimated at `cost` rows or more are large, and at most the turnstile's slots
 * of them execute at once; the rest wait in line. An operation's memory is its rows,
 * resolved objects and serialised response, alive until it is sent: with every connection
 * running a dashboard at once, that multiplied into the process's peak RSS (README
 * "Benchmarks"). A few at a time keep two cores as busy as fifty do, so waiting costs
 * those operations latency, not throughput. Smaller operations never wait.
 */
export interface LargeOperations {
  cost: number;
  turnstile: Turnstile;
}
