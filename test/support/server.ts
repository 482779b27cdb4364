/**
 * The real app on a fresh database with the demo clinic, listening on a free local port, for
 * browser tests and benchmarks.
 */
import { buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { WEB_DIR } from "../../src/server/main.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "./db.ts";

export interface TestServer {
  url: string;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function startTestServer(env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const [target] = await databaseTargets();
  const database = await freshDatabase(target!);
  await seedDemoClinic(database.adminUrl);
  const config = loadConfig({
    PORT: "3000",
    REMODEL_DEMO: "1",
    LOG_LEVEL: "silent",
    LOGIN_RATE_LIMIT_PER_MINUTE: "1000",
    ...env,
  });
  const app = await buildApp({ db: database.db, config, webDir: WEB_DIR, logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
