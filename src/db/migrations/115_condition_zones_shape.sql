-- Where a condition is (100_condition_zones.sql) is now written by every screen that records a
-- condition (the intake, the staff screening panel, the day-of check) and read back by each, so the
-- database keeps its one shape: null when not placed (in_treatment_area then stands as said), else
-- one or more zones, or 'not-sure' alone, or 'elsewhere' alone. No new table: the rows keep their
-- clinic's row-level security (002_clinical_profile.sql).

-- Rows written before the shape was checked, read as they were screened: 'not-sure' beside zones
-- counted as in the area, so it stays not sure; 'elsewhere' beside zones added nothing, so the
-- zones stay; an empty list placed nothing.
update patient_conditions set zones = array['not-sure']
  where 'not-sure' = any (zones) and cardinality(zones) > 1;
update patient_conditions set zones = array_remove(zones, 'elsewhere')
  where 'elsewhere' = any (zones) and cardinality(zones) > 1;
update patient_conditions set zones = null where cardinality(zones) = 0;

alter table patient_conditions add constraint patient_conditions_zones_shape check (
  zones is null
  or (cardinality(zones) between 1 and 20
      and array_position(zones, null) is null
      and (cardinality(zones) = 1 or not (zones && array['not-sure', 'elsewhere']::text[])))
);
