-- Which treatment zones a microneedling appointment type covers. A plan is priced by the type its
-- sessions will be booked as: the cheapest type whose zones cover all of the plan's zones (a £180
-- neck-and-chest type no longer prices a forehead-and-cheeks plan). Empty: the type covers no zone
-- until the owner says which in set-up, and a plan it would have priced says so instead of guessing.
alter table appointment_types
  add column zones text[] not null default '{}'
    check (zones <@ array['forehead', 'periorbital', 'eyelid', 'cheeks', 'nose', 'perioral', 'chin-jawline',
                          'neck', 'scalp', 'body']::text[]);

-- Existing types, by what their names say they treat (the demo clinic's face type among them).
update appointment_types set zones = array['forehead', 'periorbital', 'cheeks', 'nose', 'perioral', 'chin-jawline']
  where kind = 'microneedling' and name ilike '%face%';
update appointment_types set zones = zones || array['neck']
  where kind = 'microneedling' and name ilike '%neck%';
update appointment_types set zones = zones || array['body']
  where kind = 'microneedling' and (name ilike '%chest%' or name ilike '%body%' or name ilike '%décolleté%');
update appointment_types set zones = zones || array['scalp']
  where kind = 'microneedling' and name ilike '%scalp%';
