import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Appends lines to a file from synchronous code (the engine hands findings over as it finds them),
 * a megabyte at a time.
 */
export class LineWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(line: string): void {
    this.buffer.push(line);
    this.size += line.length + 1;
    this.count++;
    if (this.size > 1 << 20) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length) writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
    this.size = 0;
  }
}

/**
 * Writes rows of COPY's text format straight into a byte buffer, flushed to the file a few
 * megabytes at a time: a national review writes twenty million rows, and a string per row (joined,
 * then encoded) kept the garbage collector busier than the writing.
 */
export class RowWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(1 << 22);
  private at = 0;
  count = 0;
  /** Bytes in the file so far. */
  bytes = 0;

  /** `flushed` hears of every flush, with the bytes in the file so far: a reader may follow the file as it grows. */
  constructor(
    readonly path: string,
    private readonly flushed?: (bytes: number) => void,
  ) {
    this.fd = openSync(path, 'w');
  }

  /** A value of ASCII characters (ids, names of enums, numbers as text). */
  ascii(s: string): this {
    if (this.at + s.length + 1 > this.buffer.length) this.flush();
    this.at += this.buffer.write(s, this.at, 'latin1');
    return this;
  }

  /** Any text, encoded as UTF-8. */
  text(s: string): this {
    if (this.at + 3 * s.length + 1 > this.buffer.length) this.flush();
    if (3 * s.length + 1 > this.buffer.length) {
      this.bytes += writeSync(this.fd, s);
      return this;
    }
    this.at += this.buffer.write(s, this.at, 'utf8');
    return this;
  }

  /** A non-negative integer. */
  int(n: number): this {
    if (this.at + 12 > this.buffer.length) this.flush();
    if (n < 10) {
      this.buffer[this.at++] = 48 + n;
      return this;
    }
    let digits = 0;
    for (let m = n; m > 0; m = Math.floor(m / 10)) digits++;
    for (let k = this.at + digits - 1, m = n; k >= this.at; k--, m = Math.floor(m / 10)) this.buffer[k] = 48 + (m % 10);
    this.at += digits;
    return this;
  }

  tab(): this {
    if (this.at + 1 > this.buffer.length) this.flush();
    this.buffer[this.at++] = 9;
    return this;
  }

  /** Ends the row. */
  end(): void {
    if (this.at + 1 > this.buffer.length) this.flush();
    this.buffer[this.at++] = 10;
    this.count++;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    let done = 0;
    while (done < this.at) done += writeSync(this.fd, this.buffer, done, this.at - done);
    this.bytes += done;
    this.at = 0;
    this.flushed?.(this.bytes);
  }
}
