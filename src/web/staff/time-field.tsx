// A time of day for staff, always on the 24-hour clock ("14:30"). A native time field follows the
// browser's own 12/24-hour setting, so a UK clinic saw "02:30 PM" in a browser set to US English.
// Typed as text ("1430", "14.30", "9:00" become "14:30", "09:00" when the field is left), with
// the clinic's steps offered as suggestions.
import { TextInput, type TextInputProps } from "@mantine/core";
import { useId, useMemo, useState } from "react";

/** "HH:MM" (24-hour) from what a person typed, or null when it is not a time of day. */
export function parseTime24(text: string): string | null {
  const trimmed = text.trim();
  const m = /^(\d{1,2})(?:[:.h ]?(\d{2}))?$/.exec(trimmed);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? "0");
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** Every time of day at `stepMinutes` steps, from 00:00. */
export function timesOfDay(stepMinutes: number): string[] {
  const times: string[] = [];
  for (let m = 0; m < 24 * 60; m += stepMinutes)
    times.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  return times;
}

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
