/**
 * The baseline of the benchmark: a bare standalone Apollo Server answering `{ hello }`, with no
 * NestJS, no database and no resolvers worth the name. It is the ceiling for in-memory GraphQL on
 * the machine; the page query of the registry is reported as a share of it.
 *
 *   PORT=4100 NODE_ENV=production node dist/scripts/bench/bare-apollo.js
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const typeDefs = `type Query { hello: String! }`;
const resolvers = { Query: { hello: () => 'world' } };

async function main(): Promise<void> {
  const server = new ApolloServer({ typeDefs, resolvers });
  const port = Number(process.env.PORT ?? 4100);
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  process.stderr.write(`bare Apollo Server at ${url}\n`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
