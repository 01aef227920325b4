import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts: `npx drizzle-kit generate --config drizzle.postgres.config.ts`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/postgres/schema',
  out: './src/store/migrations/postgres',
});
