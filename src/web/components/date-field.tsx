// Dates typed as numbers in three labelled boxes (Day, Month, Year), for dates people remember (a
// birth date, an onset, a last dose). A native date field shows the browser's own order, so a UK
// clinic on a browser set to US English read "03/04/1980" month first; here the boxes follow the
// page's language and the clinic's region (see lib/date-order.ts), whatever the browser. The value
// in and out is "YYYY-MM-DD", or "" while the date is unfinished, does not exist or is out of range.
// Days picked on a calendar keep the native picker: see day-picker.tsx.
import { Group, Input, TextInput } from "@mantine/core";
import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { enDateField } from "../i18n/en-date-field.ts";
import { addEnglishMessages, clinicTimeZone, type MessageKey, onClinicTimeZone, t } from "../i18n/index.ts";
import {
  boxesOf,
  type DatePart,
  type DateProblem,
  dateInWords,
  dateLocale,
  dateOrder,
  dateProblem,
  isoOfBoxes,
} from "../lib/date-order.ts";
import { useLocale } from "./language-switch.tsx";

addEnglishMessages(enDateField);

/** The locale the page's dates are typed and read in (it follows the language switch and the clinic). */
export function useDateLocale(): string {
  const language = useLocale();
  const zone = useSyncExternalStore(onClinicTimeZone, clinicTimeZone, clinicTimeZone);
  return dateLocale(language, zone, typeof navigator === "undefined" ? [] : navigator.languages);
}

const WIDTH: Record<DatePart, string> = { day: "3.75rem", month: "3.75rem", year: "5.25rem" };
const MIN_WIDTH: Record<DatePart, string> = { day: "2.25rem", month: "2.75rem", year: "3.25rem" };
const MESSAGE: Record<DateProblem, MessageKey> = {
  incomplete: "dateField.incomplete",
  invalid: "dateField.invalid",
  early: "dateField.early",
  late: "dateField.late",
};

export function DateField({
  label,
  description,
  value,
  onChange,
  min,
  max,
  required,
  error,
  autoComplete,
}: {
  label: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  /** The earliest and latest dates accepted, "YYYY-MM-DD". */
  min?: string;
  max?: string;
  required?: boolean;
  /** The screen's own error (from the server), shown under the boxes. */
  error?: string;
  /** "bday" for the person's own birth date: the browser may fill the boxes. */
  autoComplete?: "bday";
}) {
  const locale = useDateLocale();
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  // The boxes as typed, and the value they last gave the screen: a value from outside (a reset, a
  // record loaded) refills them, the screen's echo of what they gave does not.
  const [state, setState] = useState(() => ({ boxes: boxesOf(value), gave: value }));
  const [left, setLeft] = useState(false);
  let boxes = state.boxes;
  if (value !== state.gave) {
    boxes = boxesOf(value);
    setState({ boxes, gave: value });
  }
  const problem = dateProblem(boxes, min, max);
  const problemText =
    problem === null
      ? ""
      : t(MESSAGE[problem], { date: dateInWords((problem === "early" ? min : max) ?? "", locale, false) });
  // Said once the person has left the boxes or has typed a whole year, not while they type.
  const message = problemText && (left || boxes.year.trim().length >= 4) ? problemText : error;
  // A form that checks its fields (as a native date field would be checked) stops on a wrong date.
  useEffect(() => first.current?.setCustomValidity(problemText));

  const type = (part: DatePart, text: string) => {
    const next = { ...boxes, [part]: text };
    const out = dateProblem(next, min, max) === null ? (isoOfBoxes(next) ?? "") : "";
    setState({ boxes: next, gave: out });
    if (out !== value) onChange(out);
  };
  const errorId = `${id}-error`;
  const descriptionId = `${id}-description`;
  const describedBy = [description ? descriptionId : "", message ? errorId : ""].filter(Boolean).join(" ");

  return (
    <fieldset
      aria-describedby={describedBy || undefined}
      style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setLeft(true);
      }}
      onFocus={() => setLeft(false)}
    >
      <legend style={{ padding: 0 }}>
        <Input.Label labelElement="div" required={required}>
          {label}
        </Input.Label>
      </legend>
      {description ? <Input.Description id={descriptionId}>{description}</Input.Description> : null}
      <Group gap={6} wrap="nowrap" align="flex-start" mt={4}>
        {dateOrder(locale).map((part, i) => (
          <TextInput
            key={part}
            ref={i === 0 ? first : undefined}
            label={t(`dateField.${part}`)}
            size="sm"
            // The boxes narrow (never below their digits) where a form puts the field in a half-width
            // column on a phone; the digits keep the text's colour when the date is refused (red
            // digits are too faint to read): the red border and the message below say what is wrong.
            styles={{
              label: { fontWeight: 400 },
              root: { flex: `1 1 ${WIDTH[part]}`, maxWidth: WIDTH[part], minWidth: MIN_WIDTH[part] },
              input: { color: "var(--mantine-color-text)", paddingInline: "0.5rem" },
            }}
            inputMode="numeric"
            maxLength={part === "year" ? 4 : 2}
            autoComplete={autoComplete ? `${autoComplete}-${part}` : "off"}
            required={required}
            withAsterisk={false}
            value={boxes[part]}
            error={Boolean(message)}
            onChange={(e) => type(part, e.currentTarget.value.replace(/\D/g, ""))}
          />
        ))}
      </Group>
      {/* red.9: Mantine's own error red is too faint for small text on white (WCAG AA needs 4.5:1). */}
      {message ? (
        <Input.Error id={errorId} mt={5} role="alert" c="red.9">
          {message}
        </Input.Error>
      ) : null}
    </fieldset>
  );
}
