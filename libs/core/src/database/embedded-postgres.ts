import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGliteSessionServer } from './pglite-session-server.js';

export interface EmbeddedPostgres {
  /** A postgres:// URL on a loopback port that any PostgreSQL client can use. */
  url: string;
  /** Where the data lives, or 'memory' for a throw-away database. */
  location: string;
  stop(): Promise<void>;
}

const LOCK_FILE = 'registry.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite opens its files without any locking of its own, and two processes writing one folder
 * corrupt it; a lock file with the owner's pid turns that into a clear error.
 */
function takeLock(dir: string): () => void {
  const lockPath = join(dir, LOCK_FILE);
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The data folder ${dir} is in use by process ${pid}. Stop that process (the API server or ` +
          `another command), or point DATABASE_URL at a PostgreSQL server, which many processes can share.`,
      );
    }
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

/**
 * Starts PostgreSQL compiled to WASM (PGlite) with the extensions the registry uses, behind a
 * PostgreSQL wire-protocol server on a free loopback port, so the ordinary `pg` driver and TypeORM
 * work with it unchanged. PGlite has one session; the server gives it to one connection at a time
 * for a whole statement or transaction (see PGliteSessionServer).
 *
 * @param dataDir a folder for the files, or undefined for an in-memory database
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  let releaseLock = () => {};
  let location = 'memory';
  if (dataDir) {
    location = resolve(dataDir);
    mkdirSync(location, { recursive: true });
    releaseLock = takeLock(location);
  }
  try {
    const db = await PGlite.create({
      dataDir: dataDir ? join(location, 'pgdata') : undefined,
      extensions: { pg_trgm, unaccent },
    });
    const server = new PGliteSessionServer(db);
    await server.start();
    const url = `postgres://postgres:postgres@${server.address}/postgres?sslmode=disable`;
    return {
      url,
      location,
      async stop() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}
