// Free times to choose from, a day at a time: a row of days, then the chosen day's times. A phone
// holds two weeks of them this way, where a list of every time would run for screens.
import { Button, Group, SimpleGrid, Text } from "@mantine/core";
import { useState } from "react";
import { t } from "../i18n/index.ts";
import { formatCalendarDate, formatDayChoice } from "../lib/format.ts";

export interface FreeTime {
  startsAt: string;
  endsAt: string;
  date: string;
  time: string;
  warnings?: string[];
}

export function FreeTimes<T extends FreeTime>({
  times,
  chosen,
  onChoose,
  warningText = (w) => w,
}: {
  times: T[];
  chosen: T | null;
  onChoose: (time: T | null) => void;
  warningText?: (warning: string) => string;
}) {
  const [day, setDay] = useState<string | null>(null);
  const days = [...new Set(times.map((s) => s.date))];
  const shownDay = day && days.includes(day) ? day : (days[0] ?? null);
  return (
    <>
      <Group gap="xs" role="group" aria-label={t("portalBook.chooseDay")}>
        {days.map((d) => (
          <Button
            key={d}
            size="compact-sm"
            variant={d === shownDay ? "filled" : "default"}
            aria-pressed={d === shownDay}
            onClick={() => {
              setDay(d);
              onChoose(null);
            }}
          >
            {formatDayChoice(d)}
          </Button>
        ))}
      </Group>
      {shownDay ? (
        <div>
          <Text fw={600} size="sm" mb={4}>
            {formatCalendarDate(shownDay)}
          </Text>
          <SimpleGrid cols={{ base: 3, xs: 6 }} spacing="xs">
            {times
              .filter((s) => s.date === shownDay)
              .map((s) => {
                const warned = (s.warnings ?? []).length > 0;
                const selected = chosen?.startsAt === s.startsAt;
                return (
                  <Button
                    key={s.startsAt}
                    size="sm"
                    variant={selected ? "filled" : warned ? "outline" : "light"}
                    color={warned ? "orange" : undefined}
                    aria-pressed={selected}
                    title={(s.warnings ?? []).map(warningText).join("; ") || undefined}
                    onClick={() => onChoose(s)}
                  >
                    {s.time}
                  </Button>
                );
              })}
          </SimpleGrid>
        </div>
      ) : null}
    </>
  );
}
