import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The workbench is compiled at build time into dist/web, which the API serves on its own origin.
export default defineConfig({
  root: here('.'),
  base: '/',
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // The explorer's editor (Monaco) is one lazily loaded chunk of about 1.8 MB; the page itself is far smaller.
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      // React Router marks its modules «use client» for server components, which a browser bundle has no use for.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  // Working on the page: `npm start` in one terminal, `npx vite --config apps/web/vite.config.ts` in another.
  server: {
    proxy: {
      '/graphql': 'http://localhost:3000',
      '/open-data': 'http://localhost:3000',
      '/reports': 'http://localhost:3000',
    },
  },
});
