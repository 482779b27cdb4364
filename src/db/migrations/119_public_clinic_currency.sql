-- The public face of a clinic carries its currency: the price list, the booking page and the
-- portal write prices in it (they were written in pounds whatever the clinic had chosen).
drop function public_clinic(text);
create function public_clinic(p_slug text)
returns table (id uuid, slug text, name text, time_zone text, phone text, email text, currency text)
language sql stable security definer set search_path = public, pg_temp
as $$
  select c.id, c.slug, c.name, c.time_zone, c.phone, c.email, c.currency from clinics c
  where (p_slug is null or c.slug = p_slug)
    and not (c.slug = 'demo' and exists (select 1 from installation where demo_removed_at is not null))
  order by c.slug = 'demo', c.created_at
  limit 1
$$;
revoke all on function public_clinic(text) from public;
grant execute on function public_clinic(text) to remodel_app;
