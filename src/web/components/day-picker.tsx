// The native date picker, for days picked on a calendar rather than remembered (a day to book, a
// closure, a day to go to), with the chosen day written out in words beside it in the page's
// language ("Tuesday, 8 December 2026"): the picker shows its numbers in the browser's order
// (12/08/2026 in a browser set to US English), the words cannot be misread. Kept apart from
// date-field.tsx and small, for the public pages' download budget.
import { TextInput, type TextInputProps } from "@mantine/core";
import { intlLocale } from "../i18n/index.ts";

/** "Tuesday, 8 December 2026" for "2026-12-08" in the page's language; "" for no date. */
export function dayInWords(value: string): string {
  const instant = /^\d{4}-\d\d-\d\d$/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(instant)
    ? ""
    : new Intl.DateTimeFormat(intlLocale(), { dateStyle: "full", timeZone: "UTC" }).format(instant);
}

export function DayPicker({
  value,
  description,
  ...props
}: Omit<TextInputProps, "type"> & { value: string }) {
  const words = dayInWords(value);
  return (
    <TextInput
      {...props}
      type="date"
      value={value}
      inputWrapperOrder={["label", "input", "description", "error"]}
      description={
        words && description ? (
          <>
            <span data-testid="date-in-words">{words}</span> · {description}
          </>
        ) : words ? (
          <span data-testid="date-in-words">{words}</span>
        ) : (
          description
        )
      }
    />
  );
}
