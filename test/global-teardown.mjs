// Drops every database this run created on the server.
import { adminQuery } from './global-setup.mjs';

export default async function globalTeardown() {
  if (!process.env.REGISTRY_TEST_SERVER) return;
  const rows = await adminQuery(
    `SELECT datname FROM pg_database WHERE datname LIKE '${process.env.REGISTRY_TEST_RUN}%'`,
  );
  for (const { datname } of rows) await adminQuery(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}
