import type { Delivery, DeliveryStatus } from './delivery.js';

/** Most deliveries written by one transaction. */
const MAX_GROUP = 500;

interface Waiting {
  delivery: Delivery;
  resolve: (status: DeliveryStatus) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the intake: deliveries that arrive while a write is committing wait for it,
 * then go to the database together, in one transaction (one commit). The first of a quiet period
 * is written at once, so a lone delivery waits for nothing. Each caller still answers only after
 * its own delivery committed; if the transaction fails, every caller of its group gets the error.
 */
export class GroupCommit {
  private waiting: Waiting[] = [];
  private running = false;
  /** Transactions written so far, and the deliveries in them. */
  readonly stats = { groups: 0, deliveries: 0 };

  constructor(private readonly write: (group: Delivery[]) => Promise<DeliveryStatus[]>) {}

  submit(delivery: Delivery): Promise<DeliveryStatus> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length) {
        const group = this.waiting.splice(0, MAX_GROUP);
        try {
          const out = await this.write(group.map((w) => w.delivery));
          this.stats.groups++;
          this.stats.deliveries += group.length;
          group.forEach((w, i) => w.resolve(out[i]!));
        } catch (err) {
          // The transaction itself failed: nothing of the group is stored; each upstream retries.
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
