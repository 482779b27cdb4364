/**
 * Finding F10: a sign-in with an unknown e-mail answered faster than one with a known e-mail and a
 * wrong password, which told whether an address has an account. Both now do the same work: one
 * argon2 verification and the same number of database transactions (counted, not timed).
 */
import assert from "node:assert/strict";
import { after, before, describe, mock, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { argon2 } from "../../src/server/services/passwords.ts";
import { Client, DEMO, seededApp } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

for (const target of (await databaseTargets()).slice(0, 1)) {
  describe(`sign-in does the same work for any e-mail (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
    });
    after(async () => {
      mock.restoreAll();
      await app.close();
      await database.drop();
    });

    /** argon2 verifications and database transactions of one wrong sign-in. */
    async function workOf(
      email: string,
    ): Promise<{ status: number; verifications: number; transactions: number }> {
      const client = new Client(app);
      client.csrf = (await client.get("/api/auth/csrf")).body.csrfToken;
      const verify = mock.method(argon2, "verify");
      const connect = mock.method(database.db, "connect");
      try {
        const res = await client.post("/api/auth/login", { email, password: "not the password 123" });
        return {
          status: res.status,
          verifications: verify.mock.callCount(),
          transactions: connect.mock.callCount(),
        };
      } finally {
        verify.mock.restore();
        connect.mock.restore();
      }
    }

    test("an unknown e-mail runs the password hash, and as many transactions as a known one", async () => {
      const known = await workOf(DEMO.desk);
      const unknown = await workOf("nobody-at-all@example.com");
      assert.equal(known.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(unknown.verifications, 1, "the unknown e-mail is checked against a decoy hash");
      assert.equal(known.verifications, 1);
      assert.equal(unknown.transactions, known.transactions);
    });
  });
}
