// A time of day for staff, always on the 24-hour clock ("14:30"). A native time field follows the
// browser's own 12/24-hour setting, so a UK clinic saw "02:30 PM" in a browser set to US English.
// Typed as text ("1430", "14.30", "9:00" become "14:30", "09:00" when the field is left), with
// the clinic's steps offered as suggestions.
import { TextInput, type TextInputProps } from "@mantine/core";
import { useId, useMemo, useState } from "react";
import { parseTime24, timesOfDay } from "./time-of-day.ts";

export function TimeField({
  value,
  onChange,
  stepMinutes = 15,
  error,
  readOnly,
  ...props
}: Omit<TextInputProps, "value" | "onChange" | "type" | "list"> & {
  value: string;
  onChange: (value: string) => void;
  /** The suggestions' step. */
  stepMinutes?: number;
}) {
  const listId = useId();
  const [invalid, setInvalid] = useState(false);
  const suggestions = useMemo(() => timesOfDay(stepMinutes), [stepMinutes]);
  return (
    <>
      <TextInput
        {...props}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="HH:MM"
        list={readOnly ? undefined : listId}
        readOnly={readOnly}
        value={value}
        onChange={(e) => {
          setInvalid(false);
          onChange(e.currentTarget.value);
        }}
        onBlur={(e) => {
          const text = e.currentTarget.value;
          if (text.trim() === "") return;
          const time = parseTime24(text);
          setInvalid(time === null);
          if (time !== null && time !== text) onChange(time);
        }}
        error={error ?? (invalid ? "Use the 24-hour clock, like 14:30" : undefined)}
      />
      {readOnly ? null : (
        <datalist id={listId}>
          {suggestions.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      )}
    </>
  );
}
