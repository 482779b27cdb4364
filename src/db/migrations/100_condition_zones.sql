-- Where a condition is, by treatment zone, as the patient (or staff for them) placed it: the
-- screening then decides "in the treatment area" against the zones it is asked to treat, so a
-- cheek infection defers a cheek treatment but not a neck one. 'not-sure' counts as in the area.
-- Null on rows recorded before the question was asked: their in_treatment_area stands.
alter table patient_conditions add column zones text[];
