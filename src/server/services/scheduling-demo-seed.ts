/**
 * The demo clinic's scheduling set-up: opening hours, providers' weekly hours, a closure, a pen's
 * maintenance block, appointment types with segments and online booking for consultations.
 * Called once from the demo seed, inside its transaction.
 */
import type pg from "pg";
import { Temporal } from "temporal-polyfill";

export async function seedSchedulingDemo(client: pg.Client, clinicId: string, today: Temporal.PlainDate) {
  const q = (sql: string, params: unknown[]) => client.query(sql, params);
  const location = (
    await q("select id, time_zone from locations where clinic_id = $1 order by created_at limit 1", [
      clinicId,
    ])
  ).rows[0] as { id: string; time_zone: string };
  await q("insert into scheduling_settings (clinic_id) values ($1) on conflict do nothing", [clinicId]);
  for (let weekday = 1; weekday <= 5; weekday++) {
    await q(
      "insert into opening_hours (clinic_id, location_id, weekday, opens, closes) values ($1, $2, $3, '09:00', '18:00')",
      [clinicId, location.id, weekday],
    );
  }
  await q(
    "insert into opening_hours (clinic_id, location_id, weekday, opens, closes) values ($1, $2, 6, '09:00', '13:00')",
    [clinicId, location.id],
  );
  const providers = (
    await q("select id, email::text as email from users where clinic_id = $1 and role = 'provider'", [
      clinicId,
    ])
  ).rows as { id: string; email: string }[];
  const week: Record<string, [number[], string, string]> = {
    "dr.ahmed@demo.remodel.test": [[1, 2, 3, 4], "09:00", "17:00"],
    "nurse.lee@demo.remodel.test": [[1, 2, 3, 4, 5], "09:00", "18:00"],
    "aesthetician.cole@demo.remodel.test": [[2, 3, 4, 5, 6], "09:00", "18:00"],
  };
  for (const p of providers) {
    const [days, start, end] = week[p.email] ?? [[1, 2, 3, 4, 5], "09:00", "17:00"];
    for (const weekday of days) {
      await q(
        "insert into provider_hours (clinic_id, provider_id, location_id, weekday, starts, ends) values ($1, $2, $3, $4, $5, $6)",
        [clinicId, p.id, location.id, weekday, start, end],
      );
    }
  }
  const christmas = `${today.year}-12-25`;
  await q(
    "insert into closures (clinic_id, location_id, first_day, last_day, reason) values ($1, $2, $3, $4, 'Christmas')",
    [clinicId, location.id, christmas, `${today.year}-12-26`],
  );
  const pen = (await q("select id from devices where clinic_id = $1 order by name desc limit 1", [clinicId]))
    .rows[0] as {
    id: string;
  };
  const nextMonday = today.add({ days: ((8 - today.dayOfWeek) % 7) + 7 });
  const from = nextMonday.toZonedDateTime({
    timeZone: location.time_zone,
    plainTime: Temporal.PlainTime.from("09:00"),
  });
  await q(
    "insert into device_maintenance (clinic_id, device_id, starts_at, ends_at, reason) values ($1, $2, $3, $4, 'Annual service')",
    [clinicId, pen.id, new Date(from.epochMilliseconds), new Date(from.add({ hours: 3 }).epochMilliseconds)],
  );
  await q(
    `update appointment_types set bookable_online = true, buffer_minutes = 5,
       description = 'A free 30-minute consultation: we talk about your skin, check you can be treated and plan a series.'
     where clinic_id = $1 and kind = 'consultation'`,
    [clinicId],
  );
  // Segments left null: numbing, needling and serum/checkout from the protocol (75 minutes).
  await q(
    `update appointment_types set duration_minutes = 75, buffer_minutes = 10, series_rule_id = 'SER-GENERAL',
       description = 'Numbing, then microneedling of the face, then serum and aftercare advice.'
     where clinic_id = $1 and kind = 'microneedling'`,
    [clinicId],
  );
}
