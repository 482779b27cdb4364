import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { withClinic, withoutClinic } from "../../src/db/pool.ts";
import { hashPassword } from "../../src/server/services/passwords.ts";
import { buildTestApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

/** Two clinics with a patient and a front-desk account each, written as the schema owner. */
async function twoClinics(database: TestDatabase) {
  const hash = await hashPassword("correct horse battery");
  const ids: Record<string, { clinic: string; patient: string }> = {};
  for (const slug of ["clinic-a", "clinic-b"]) {
    const c = (
      await database.admin.query(
        "insert into clinics (slug, name, time_zone) values ($1, $1, 'Europe/London') returning id",
        [slug],
      )
    ).rows[0].id;
    const p = (
      await database.admin.query(
        "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex) values ($1, $2, 'Shared-Surname', '1990-01-01', 'female') returning id",
        [c, `Patient of ${slug}`],
      )
    ).rows[0].id;
    await database.admin.query(
      "insert into users (clinic_id, email, name, role, password_hash) values ($1, $2, 'Desk', 'front_desk', $3)",
      [c, `desk@${slug}.test`, hash],
    );
    ids[slug] = { clinic: c, patient: p };
  }
  return ids as {
    "clinic-a": { clinic: string; patient: string };
    "clinic-b": { clinic: string; patient: string };
  };
}

for (const target of await databaseTargets()) {
  describe(`tenant isolation (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let ids: Awaited<ReturnType<typeof twoClinics>>;
    before(async () => {
      database = await freshDatabase(target);
      ids = await twoClinics(database);
    });
    after(() => database.drop());

    test("code running for clinic A sees none of clinic B's rows, even through hand-written SQL", async () => {
      const seen = await withClinic(database.db, { clinicId: ids["clinic-a"].clinic }, async (tx) => ({
        patients: (await tx.query("select id, given_name from patients")).rows,
        byId: (await tx.query("select * from patients where id = $1", [ids["clinic-b"].patient])).rows,
        users: (await tx.query("select email from users")).rows,
        clinics: (await tx.query("select slug from clinics")).rows,
        joined: (
          await tx.query(
            "select count(*)::int as n from patients p join clinics c on c.id = p.clinic_id where c.slug = 'clinic-b'",
          )
        ).rows[0].n,
      }));
      assert.deepEqual(
        seen.patients.map((r) => r.given_name),
        ["Patient of clinic-a"],
      );
      assert.equal(seen.byId.length, 0);
      assert.deepEqual(
        seen.users.map((r) => r.email),
        ["desk@clinic-a.test"],
      );
      assert.deepEqual(
        seen.clinics.map((r) => r.slug),
        ["clinic-a"],
      );
      assert.equal(seen.joined, 0);
    });

    test("clinic A cannot write a row into clinic B, nor change or delete B's rows", async () => {
      await assert.rejects(
        withClinic(database.db, { clinicId: ids["clinic-a"].clinic }, (tx) =>
          tx.query(
            "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex) values ($1, 'X', 'Y', '1990-01-01', 'male')",
            [ids["clinic-b"].clinic],
          ),
        ),
        /row-level security/,
      );
      const changed = await withClinic(database.db, { clinicId: ids["clinic-a"].clinic }, async (tx) => ({
        updated: (
          await tx.query("update patients set given_name = 'hacked' where id = $1", [ids["clinic-b"].patient])
        ).rowCount,
        deleted: (await tx.query("delete from patients where id = $1", [ids["clinic-b"].patient])).rowCount,
      }));
      assert.deepEqual(changed, { updated: 0, deleted: 0 });
      const b = await database.admin.query("select given_name from patients where id = $1", [
        ids["clinic-b"].patient,
      ]);
      assert.equal(b.rows[0].given_name, "Patient of clinic-b");
    });

    test("with no clinic set, the application role sees nothing at all", async () => {
      const rows = await withoutClinic(
        database.db,
        async (tx) => (await tx.query("select * from patients")).rows,
      );
      assert.equal(rows.length, 0);
      // A pooled connection used outside any transaction helper is the application role too.
      const direct = await database.db.query("select count(*)::int as n, current_user as who from patients");
      assert.deepEqual(direct.rows[0], { n: 0, who: "remodel_app" });
    });

    test("through the API, clinic A's staff get 404 for clinic B's patient and never list it", async () => {
      const app = await buildTestApp(database);
      try {
        const a = await signedIn(app, "desk@clinic-a.test", "correct horse battery");
        const list = await a.get("/api/patients?q=Shared-Surname");
        assert.equal(list.status, 200);
        assert.deepEqual(
          list.body.patients.map((p: { givenName: string }) => p.givenName),
          ["Patient of clinic-a"],
        );
        const other = await a.get(`/api/patients/${ids["clinic-b"].patient}`);
        assert.equal(other.status, 404);
        assert.equal(other.body.error, "not_found");
      } finally {
        await app.close();
      }
    });
  });
}
