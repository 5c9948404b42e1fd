/**
 * A private PostgreSQL cluster for fault scripts: created in a temporary folder on a free port,
 * restarted and crashed at will, removed at the end. It never touches any other server.
 *
 * The binaries are those of `pg_config --bindir`. PostgreSQL refuses to run as root, so when this
 * process is root the cluster's folder belongs to the `postgres` user and every command runs
 * through `runuser -u postgres --`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../bench/bench-kit.js';

export type StopMode = 'fast' | 'immediate';

export interface Cluster {
  port: number;
  /** A connection URL to one of the cluster's databases. */
  url(database: string): string;
  /** `pg_ctl restart -m MODE`: stops (cleanly, or as a crash with `immediate`) and starts again. */
  restart(mode: StopMode): Promise<void>;
  /** The last lines of the server's log, to explain a failure. */
  logTail(lines?: number): string;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the user that may run it; resolves with its output or rejects with it. */
function runPg(bindir: string, program: string, args: string[]): Promise<string> {
  const path = join(bindir, program);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  return new Promise((resolve, reject) => {
    // stdin closed and output collected: a server started by pg_ctl writes to its -l log, not here.
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${program} ${args.join(' ')} exited with ${code}:\n${out}`)),
    );
  });
}

export async function startCluster(): Promise<Cluster> {
  const bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'registry-faults-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();
  // Durability as in production (fsync and synchronous commit stay on): acknowledged writes must
  // survive a crash. The socket lives in the cluster's own folder.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40`;
  const pgCtl = (...args: string[]) => runPg(bindir, 'pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', ...args]);
  let running = false;
  try {
    await runPg(bindir, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
    await pgCtl('-o', serverOptions, 'start');
    running = true;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: (mode) => pgCtl('-m', mode, '-o', serverOptions, 'restart').then(() => undefined),
    logTail(lines = 20) {
      try {
        return readFileSync(log, 'utf8').trim().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    async destroy() {
      if (running) await pgCtl('-m', 'immediate', 'stop').catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
