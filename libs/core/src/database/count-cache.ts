import { Injectable } from '@nestjs/common';

interface Entry {
  value: Promise<number>;
  expires: number;
}

/**
 * Totals of list queries, kept for a few seconds. Counting every row a filter matches costs more
 * than reading a page of them, and clients page through the same filter again and again. Writes
 * made through this process clear it; another replica's writes show within the time to live.
 */
@Injectable()
export class CountCache {
  private readonly entries = new Map<string, Entry>();
  ttlMs = 10_000;
  private readonly maxEntries = 5_000;

  count(key: string, compute: () => Promise<number>): Promise<number> {
    if (this.ttlMs <= 0) return compute();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = compute();
    this.entries.set(key, { value, expires: now + this.ttlMs });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
