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
