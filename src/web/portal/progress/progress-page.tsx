// The patient's own progress: their photos of one angle side by side across the series (the API
// returns only photos within their photo consent) and their self-ratings with a small trend line.
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useMemo, useState } from "react";
import type { z } from "zod";
import {
  outcomeScales,
  ownOutcomes,
  rateOwnOutcome,
  type scaleView,
  type trendView,
} from "../../../contract/outcomes.ts";
import { ownPhotos, type photoView } from "../../../contract/photos.ts";
import { portalOverview } from "../../../contract/portal.ts";
import { errorMessage, submit } from "../../api/client.ts";
import { Empty, ErrorState, LoadingState } from "../../components/states.tsx";
import { t, tCount, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";

type Photo = z.output<typeof photoView>;
type Scale = z.output<typeof scaleView>;
type Trend = z.output<typeof trendView>;

const VIEW_ORDER = ["front", "left-45", "right-45", "left-90", "right-90"];

export function ProgressPage() {
  return (
    <Stack gap="xl">
      <title>{`${t("progress.title")} · Remodel`}</title>
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t("progress.title")}
        </Title>
        <Text c="dimmed">{t("progress.intro")}</Text>
      </Stack>
      <PhotosSection />
      <RatingsSection />
    </Stack>
  );
}

function viewLabel(view: string): string {
  return tMaybe(`progress.view.${view}`, view);
}

function PhotosSection() {
  const photos = useApiQuery(ownPhotos);
  const byView = useMemo(() => {
    const groups = new Map<string, Photo[]>();
    for (const photo of photos.data?.photos ?? []) {
      const list = groups.get(photo.view) ?? [];
      list.push(photo);
      groups.set(photo.view, list);
    }
    for (const list of groups.values()) list.sort((a, b) => a.takenOn.localeCompare(b.takenOn));
    return groups;
  }, [photos.data]);
  const views = VIEW_ORDER.filter((view) => byView.has(view));
  const [chosen, setChosen] = useState<string | null>(null);
  const view = chosen !== null && byView.has(chosen) ? chosen : (views[0] ?? null);

  return (
    <Stack component="section" aria-labelledby="progress-photos" gap="sm">
      <Title order={2} size="h3" id="progress-photos">
        {t("progress.photos.title")}
      </Title>
      {photos.isError ? (
        <ErrorState error={photos.error} title={t("common.loadFailed")} onRetry={photos.refetch} />
      ) : photos.data === undefined ? (
        <LoadingState label={t("common.loading")} />
      ) : view === null ? (
        <Empty
          icon={<span aria-hidden="true">◻</span>}
          title={t("progress.photos.empty")}
          description={t("progress.photos.emptyText")}
        />
      ) : (
        <>
          {views.length > 1 ? (
            <SegmentedControl
              aria-label={t("progress.photos.view")}
              value={view}
              onChange={setChosen}
              data={views.map((v) => ({ value: v, label: viewLabel(v) }))}
              fullWidth
              size="xs"
              style={{ flexWrap: "wrap" }}
            />
          ) : null}
          <Text size="sm" c="dimmed">
            {tCount("progress.photos.count", byView.get(view)?.length ?? 0)}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" data-testid="progress-photos">
            {(byView.get(view) ?? []).map((photo) => (
              <figure key={photo.id} style={{ margin: 0 }}>
                <img
                  src={`/api/portal/photos/${photo.id}/image?size=thumb`}
                  alt={t("progress.photos.alt", {
                    view: viewLabel(photo.view),
                    date: formatCalendarDate(photo.takenOn),
                  })}
                  loading="lazy"
                  style={{
                    width: "100%",
                    aspectRatio: `${photo.width} / ${photo.height}`,
                    objectFit: "cover",
                    borderRadius: 8,
                    background: "var(--mantine-color-gray-1)",
                  }}
                />
                <Text component="figcaption" size="sm" ta="center">
                  {formatCalendarDate(photo.takenOn)}
                </Text>
              </figure>
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function RatingsSection() {
  const scales = useApiQuery(outcomeScales);
  const scores = useApiQuery(ownOutcomes);
  const overview = useApiQuery(portalOverview);
  const own = (scales.data?.scales ?? []).filter((scale) => scale.raters.includes("patient"));
  const trends = (scores.data?.trend ?? []).filter(
    (trend) => trend.rater === "patient" && trend.points.length > 0,
  );
  // The rating form needs the plan: a failed overview is said, not left as a missing form.
  const failed = [scales, scores, overview].find((query) => query.isError);

  return (
    <Stack component="section" aria-labelledby="progress-ratings" gap="sm">
      <Title order={2} size="h3" id="progress-ratings">
        {t("progress.ratings.title")}
      </Title>
      {failed ? (
        <ErrorState
          error={failed.error}
          title={t("common.loadFailed")}
          onRetry={() => {
            void scales.refetch();
            void scores.refetch();
            void overview.refetch();
          }}
        />
      ) : scales.data === undefined || scores.data === undefined ? (
        <LoadingState label={t("common.loading")} />
      ) : (
        <>
          {trends.length === 0 ? (
            <Empty
              icon={<span aria-hidden="true">↗</span>}
              title={t("progress.ratings.empty")}
              // Without a plan there is no form below to rate with: the line under it says when.
              description={overview.data?.plan ? t("progress.ratings.emptyText") : undefined}
            />
          ) : (
            trends.map((trend) => {
              const scale = own.find((s) => s.id === trend.scaleId);
              return <TrendCard key={trend.scaleId} trend={trend} scale={scale} />;
            })
          )}
          {overview.data === undefined ? null : overview.data.plan === null ? (
            <Text size="sm" c="dimmed">
              {t("progress.ratings.noPlan")}
            </Text>
          ) : own.length > 0 ? (
            <RateForm scales={own} planId={overview.data.plan.id} />
          ) : null}
        </>
      )}
    </Stack>
  );
}

function valueLabel(scale: Scale | undefined, value: number): string {
  const level = scale?.levels?.find((l) => l.value === value);
  return level ? `${value} (${level.label})` : String(value);
}

function TrendCard({ trend, scale }: { trend: Trend; scale: Scale | undefined }) {
  const last = trend.points[trend.points.length - 1];
  const name = scale?.name ?? trend.scaleId;
  return (
    <Paper withBorder p="md" radius="md" data-testid="progress-trend">
      <Stack gap="xs">
        <Text fw={600}>{name}</Text>
        {last ? (
          <Text size="sm">
            {t("progress.ratings.latest", {
              value: valueLabel(scale, last.value),
              date: formatCalendarDate(last.recordedOn),
            })}
          </Text>
        ) : null}
        {trend.direction && trend.points.length > 1 ? (
          <Text size="sm" fw={500}>
            {t(`progress.ratings.${trend.direction}`)}
          </Text>
        ) : null}
        {trend.points.length > 1 ? (
          <Sparkline
            points={trend.points.map((p) => p.value)}
            min={scale?.min ?? Math.min(...trend.points.map((p) => p.value))}
            max={scale?.max ?? Math.max(...trend.points.map((p) => p.value))}
            label={t("progress.ratings.chart", { scale: name })}
          />
        ) : null}
      </Stack>
    </Paper>
  );
}

/** A plain line of the values; the words above carry the meaning, so it is a picture for eyes only. */
function Sparkline({
  points,
  min,
  max,
  label,
}: {
  points: number[];
  min: number;
  max: number;
  label: string;
}) {
  const width = 240;
  const height = 48;
  const span = max - min || 1;
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  const coords = points.map((value, i) => [i * step, height - ((value - min) / span) * (height - 8) - 4]);
  return (
    <svg
      viewBox={`-4 0 ${width + 8} ${height}`}
      width="100%"
      height={height}
      role="img"
      aria-label={label}
      style={{ maxWidth: 320 }}
    >
      <polyline
        points={coords.map(([x, y]) => `${x},${y}`).join(" ")}
        fill="none"
        stroke="var(--mantine-primary-color-filled)"
        strokeWidth={2}
      />
      {coords.map(([x, y], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: points are positional
        <circle key={i} cx={x} cy={y} r={3} fill="var(--mantine-primary-color-filled)" />
      ))}
    </svg>
  );
}

function RateForm({ scales, planId }: { scales: Scale[]; planId: string }) {
  const [scaleId, setScaleId] = useState(scales[0]?.id ?? "");
  const scale = scales.find((s) => s.id === scaleId) ?? scales[0];
  const [value, setValue] = useState<string | number>("");
  const rate = useApiMutation(
    (body: { scaleId: string; value: number; planId: string }) => submit(rateOwnOutcome, { body }),
    { invalidates: [ownOutcomes], onSuccess: () => setValue("") },
  );
  const busy = rate.isPending;
  const message = rate.isSuccess
    ? { ok: true, text: t("progress.rate.saved") }
    : rate.isError
      ? { ok: false, text: errorMessage(rate.error) }
      : null;
  if (!scale) return null;

  function save() {
    if (!scale || typeof value !== "number") return;
    rate.mutate({ scaleId: scale.id, value, planId });
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t("progress.rate.title")}
        </Title>
        {scales.length > 1 ? (
          <NativeSelect
            label={t("progress.rate.scale")}
            value={scale.id}
            onChange={(event) => {
              setScaleId(event.currentTarget.value);
              setValue("");
            }}
            data={scales.map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : (
          <Text fw={500}>{scale.name}</Text>
        )}
        {scale.levels ? (
          <NativeSelect
            label={t("progress.rate.value")}
            value={typeof value === "number" ? String(value) : ""}
            onChange={(event) => {
              const raw = event.currentTarget.value;
              setValue(raw === "" ? "" : Number(raw));
            }}
            data={[
              { value: "", label: "—" },
              ...scale.levels.map((level) => ({
                value: String(level.value),
                label: `${level.value}: ${level.label}`,
              })),
            ]}
          />
        ) : (
          <NumberInput
            label={t("progress.rate.value")}
            description={t("progress.rate.range", { min: scale.min, max: scale.max })}
            min={scale.min}
            max={scale.max}
            value={value}
            onChange={setValue}
          />
        )}
        <Group>
          <Button onClick={save} loading={busy} disabled={typeof value !== "number"}>
            {t("progress.rate.save")}
          </Button>
        </Group>
        {message ? (
          <Text size="sm" c={message.ok ? undefined : "red.9"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
