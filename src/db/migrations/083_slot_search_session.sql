-- The slot search's one statement reads local dates in the location's zone (the first date a
-- session can be booked on, the window's local days). A zone name this server's rules do not know
-- (the application checks names against the runtime's list, which may differ) must not fail the
-- search: it reads as no zone, and the statement then falls back to its zone-free bounds.
create function known_time_zone(zone text) returns text
language plpgsql stable
as $$
begin
  perform now() at time zone zone;
  return zone;
exception when invalid_parameter_value then
  return null;
end $$;
