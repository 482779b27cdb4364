// The date field's English (components/date-field.tsx), loaded with the field: the public pages
// that have none do not download it.
export const enDateField = {
  "dateField.day": "Day",
  "dateField.month": "Month",
  "dateField.year": "Year",
  "dateField.incomplete": "Enter the day, the month and the year (4 digits).",
  "dateField.invalid": "This date does not exist. Check the day and the month.",
  "dateField.early": "The date cannot be before {date}.",
  "dateField.late": "The date cannot be after {date}.",
} as const;
