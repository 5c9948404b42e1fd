// Chooses the database for the whole run, once: the PostgreSQL server when one answers, the
// embedded PostgreSQL otherwise, and says which. Plain JavaScript: Jest loads it outside its own
// module system.
import pg from 'pg';

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

export default async function globalSetup() {
  process.env.REGISTRY_TEST_RUN = `registry_test_${Date.now().toString(36)}`;
  if (process.env.TEST_EMBEDDED === '1') {
    console.log('\ntests: TEST_EMBEDDED=1, every test file uses the embedded PostgreSQL (PGlite)');
    return;
  }
  try {
    await adminQuery('SELECT 1');
  } catch (err) {
    console.log(
      `\ntests: no PostgreSQL server at ${new URL(SERVER_URL).host} (${err.message}); every test file uses the embedded PostgreSQL (PGlite)`,
    );
    return;
  }
  process.env.REGISTRY_TEST_SERVER = '1';
  console.log(`\ntests: PostgreSQL server at ${new URL(SERVER_URL).host}, a database of its own for every test file`);
}
