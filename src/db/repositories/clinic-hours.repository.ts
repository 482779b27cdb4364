/** Whether the clinic is open at an instant, and what it tells patients when it is not. */
import type { Tx } from "../pool.ts";

/**
 * Open: some open location of the clinic has opening hours around the instant, on its own clock,
 * and no closure that day.
 */
export async function clinicOpenAt(tx: Tx, at: Date): Promise<boolean> {
  const { rows } = await tx.query<{ open: boolean }>(
    `select exists (
       select 1 from locations l
       join opening_hours o on o.location_id = l.id
       cross join lateral (select ($1::timestamptz at time zone l.time_zone) as local) t
       where l.retired_at is null
         and o.weekday = extract(isodow from t.local)
         and t.local::time >= o.opens and t.local::time < o.closes
         and not exists (select 1 from closures c where c.location_id = l.id
                         and t.local::date between c.first_day and c.last_day)
     ) as open`,
    [at],
  );
  return rows[0]?.open ?? false;
}

export async function outOfHoursAdvice(tx: Tx): Promise<string | null> {
  const { rows } = await tx.query<{ advice: string | null }>(
    "select out_of_hours_advice as advice from clinics where id = app_clinic_id()",
  );
  return rows[0]?.advice ?? null;
}
