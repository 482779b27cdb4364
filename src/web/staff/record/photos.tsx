/**
 * Clinical photos on the staff patient page: take one with the tablet's or phone's camera (or
 * choose a file) in a standard view, see them by view, and compare the same view across sessions
 * side by side or with a slider. Images come from signed-in routes only (never a public URL).
 * A clinician can remove a photo, saying why: the picture goes, and the record lists the removal.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Slider,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import type { z } from "zod";
import { csrf } from "../../../contract/auth.ts";
import { patientCharts } from "../../../contract/charts.ts";
import { patientPhotos, type photoView, removePhoto } from "../../../contract/photos.ts";
import {
  comparisonSeries,
  PHOTO_VIEW_LABELS,
  PHOTO_VIEWS,
  type PhotoView,
} from "../../../domain/record/photo-rules.ts";
import { ApiError, call, errorMessage, NetworkError } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";

export type Photo = z.output<typeof photoView>;

const imageUrl = (id: string, size: "thumb" | "full") => `/api/photos/${id}/image?size=${size}`;
const describe = (p: Photo) => `${PHOTO_VIEW_LABELS[p.view]}, ${formatCalendarDate(p.takenOn)}`;

/** Sends the picture as the request body, as the server expects (no multipart, no base64). */
async function uploadPhoto(patientId: string, view: PhotoView, chartId: string, file: File): Promise<void> {
  const { csrfToken } = await call(csrf);
  const query = new URLSearchParams({ view, ...(chartId ? { chartId } : {}) });
  let response: Response;
  try {
    response = await fetch(`/api/patients/${encodeURIComponent(patientId)}/photos?${query}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": file.type || "application/octet-stream", "x-csrf-token": csrfToken },
      body: file,
    });
  } catch {
    throw new NetworkError();
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, {
      error: body.error ?? `http_${response.status}`,
      message: body.message ?? `The upload failed (${response.status}).`,
      fields: body.fields,
    });
  }
}

function Compare({ photos }: { photos: Photo[] }) {
  const views = PHOTO_VIEWS.filter((v) => comparisonSeries(photos, v).length >= 2);
  const [view, setView] = useState<PhotoView | null>(null);
  const active = view && views.includes(view) ? view : (views[0] ?? null);
  const series = useMemo(() => (active ? comparisonSeries(photos, active) : []), [photos, active]);
  const [beforeId, setBeforeId] = useState<string>("");
  const [afterId, setAfterId] = useState<string>("");
  const [mode, setMode] = useState<"side" | "slider">("side");
  const [position, setPosition] = useState(50);
  if (!active || series.length < 2) {
    return (
      <Text size="sm" c="dimmed">
        Comparison needs the same view on two different days.
      </Text>
    );
  }
  const before = series.find((p) => p.id === beforeId) ?? series[0]!;
  const after = series.find((p) => p.id === afterId) ?? series[series.length - 1]!;
  const options = series.map((p) => ({ value: p.id, label: formatCalendarDate(p.takenOn) }));

  return (
    <Stack gap="sm" component="section" aria-labelledby="compare-title">
      <Title order={3} size="h5" id="compare-title">
        Compare
      </Title>
      <Group align="flex-end" gap="sm">
        <NativeSelect
          label="View"
          value={active}
          onChange={(e) => setView(e.currentTarget.value as PhotoView)}
          data={views.map((v) => ({ value: v, label: PHOTO_VIEW_LABELS[v] }))}
        />
        <NativeSelect
          label="Before"
          value={before.id}
          onChange={(e) => setBeforeId(e.currentTarget.value)}
          data={options}
        />
        <NativeSelect
          label="After"
          value={after.id}
          onChange={(e) => setAfterId(e.currentTarget.value)}
          data={options}
        />
        <SegmentedControl
          aria-label="Comparison mode"
          value={mode}
          onChange={(v) => setMode(v as "side" | "slider")}
          data={[
            { value: "side", label: "Side by side" },
            { value: "slider", label: "Slider" },
          ]}
        />
      </Group>
      {mode === "side" ? (
        <SimpleGrid cols={2} spacing="sm" data-testid="compare-side-by-side">
          {(
            [
              ["Before", before],
              ["After", after],
            ] as const
          ).map(([which, p]) => (
            <figure key={which} style={{ margin: 0 }}>
              <img
                src={imageUrl(p.id, "full")}
                alt={describe(p)}
                style={{ width: "100%", borderRadius: 6 }}
              />
              <Text component="figcaption" size="xs" c="dimmed" ta="center">
                {which} · {formatCalendarDate(p.takenOn)}
              </Text>
            </figure>
          ))}
        </SimpleGrid>
      ) : (
        <Stack gap="xs" data-testid="compare-slider">
          <div style={{ position: "relative", maxWidth: 640, lineHeight: 0 }}>
            <img
              src={imageUrl(after.id, "full")}
              alt={`After: ${describe(after)}`}
              style={{ width: "100%", borderRadius: 6 }}
            />
            <img
              src={imageUrl(before.id, "full")}
              alt={`Before: ${describe(before)}`}
              style={{
                position: "absolute",
                inset: 0,
                width: "100%",
                height: "100%",
                objectFit: "cover",
                borderRadius: 6,
                clipPath: `inset(0 ${100 - position}% 0 0)`,
              }}
            />
            <div
              aria-hidden="true"
              style={{
                position: "absolute",
                top: 0,
                bottom: 0,
                left: `${position}%`,
                width: 2,
                background: "white",
              }}
            />
          </div>
          <Slider
            value={position}
            onChange={setPosition}
            min={0}
            max={100}
            label={(v) => `${v}% before`}
            thumbLabel="Before and after divider"
            maw={640}
          />
        </Stack>
      )}
    </Stack>
  );
}

/** Asks for the reason, then removes the photo (its picture and thumbnail leave the photo store). */
function RemovePhoto({ photo, onDone }: { photo: Photo; onDone: (removed: boolean, text: string) => void }) {
  const [reason, setReason] = useState("");
  const removing = useApiMutation(() => call(removePhoto, { params: { id: photo.id }, body: { reason } }), {
    invalidates: [patientPhotos],
    onSuccess: (result) =>
      onDone(
        true,
        result.filesDeleted
          ? `${describe(photo)} photo removed.`
          : `${describe(photo)} photo removed from the record; its file could not be deleted yet (the server log says why).`,
      ),
  });
  const error = removing.error ? errorMessage(removing.error) : null;
  const busy = removing.isPending;
  function remove() {
    removing.mutate();
  }
  return (
    <Paper withBorder p="sm" data-testid="remove-photo">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Remove the {describe(photo)} photo?
        </Text>
        <Text size="xs" c="dimmed">
          The picture is deleted for good. The record keeps that a photo was removed, by whom, when and why.
        </Text>
        <TextInput
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={500}
          error={error ?? undefined}
          required
        />
        <Group gap="xs">
          <Button
            color="red.9"
            size="compact-sm"
            loading={busy}
            disabled={reason.trim().length < 3}
            onClick={remove}
          >
            Remove photo
          </Button>
          <Button variant="default" size="compact-sm" disabled={busy} onClick={() => onDone(false, "")}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function PhotosPanel({ patientId }: { patientId: string }) {
  const id = encodeURIComponent(patientId);
  const params = { id: patientId };
  const photos = useApiQuery(patientPhotos, { params });
  const charts = useApiQuery(patientCharts, { params });
  const [view, setView] = useState<PhotoView>("front");
  const [chartId, setChartId] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [removing, setRemoving] = useState<Photo | null>(null);
  const uploading = useApiMutation(
    ({ file, view }: { file: File; view: PhotoView }) => uploadPhoto(patientId, view, chartId, file),
    {
      invalidates: [patientPhotos],
      onMutate: () => setMessage(null),
      onSuccess: (_, { view }) =>
        setMessage({
          ok: true,
          text: `${PHOTO_VIEW_LABELS[view]} photo saved (location and camera details removed).`,
        }),
      onError: (caught) => setMessage({ ok: false, text: errorMessage(caught) }),
    },
  );
  const busy = uploading.isPending;

  async function onFile(file: File | undefined) {
    if (!file) return;
    // A refusal is shown by onError; the file input is cleared either way.
    await uploading.mutateAsync({ file, view }).catch(() => undefined);
  }

  let body: React.ReactNode;
  if (photos.isError) {
    body = (
      <ErrorState
        error={photos.error}
        title="Could not load the photos"
        onRetry={() => void photos.refetch()}
      />
    );
  } else if (!photos.data) {
    body = <LoadingState label="Loading photos…" />;
  } else {
    const { currentScope } = photos.data;
    const list = photos.data.photos.filter((p) => !p.removed);
    const removed = photos.data.photos.filter((p) => p.removed);
    body = (
      <Stack gap="md">
        <Group gap="xs">
          <Text size="sm">Photo consent:</Text>
          {currentScope ? (
            <Badge variant="light" c="dark.8" tt="none" color="green" data-testid="photo-consent-scope">
              {currentScope === "marketing" ? "Clinical record and marketing" : "Clinical record only"}
            </Badge>
          ) : (
            <Badge variant="light" c="dark.8" tt="none" color="orange" data-testid="photo-consent-scope">
              None current
            </Badge>
          )}
        </Group>
        {currentScope ? (
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label="View"
              value={view}
              onChange={(e) => setView(e.currentTarget.value as PhotoView)}
              data={PHOTO_VIEWS.map((v) => ({ value: v, label: PHOTO_VIEW_LABELS[v] }))}
            />
            <NativeSelect
              label="Session"
              value={chartId}
              onChange={(e) => setChartId(e.currentTarget.value)}
              data={[
                { value: "", label: "Not in a session (today)" },
                ...(charts.data?.charts ?? []).map((c) => ({
                  value: c.id,
                  label: `${formatCalendarDate(c.sessionDate)} (${c.status})`,
                })),
              ]}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} component="label" htmlFor="photo-file">
                Take or choose a photo
              </Text>
              <input
                id="photo-file"
                type="file"
                accept="image/*"
                capture="environment"
                disabled={busy}
                onChange={(e) => {
                  const input = e.currentTarget;
                  void onFile(input.files?.[0]).finally(() => {
                    input.value = "";
                  });
                }}
              />
            </Stack>
          </Group>
        ) : (
          <Alert color="orange" role="note">
            No photo can be taken without a current photo consent.{" "}
            <Anchor component={Link} to={`/app/patients/${id}/consent`}>
              Sign it on the tablet
            </Anchor>
            .
          </Alert>
        )}
        {message ? (
          <Text size="sm" c={message.ok ? undefined : "red.9"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </Text>
        ) : null}
        {list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No photos yet.
          </Text>
        ) : (
          <>
            {PHOTO_VIEWS.filter((v) => list.some((p) => p.view === v)).map((v) => (
              <section key={v} aria-label={PHOTO_VIEW_LABELS[v]}>
                <Text size="sm" fw={600} mb={4}>
                  {PHOTO_VIEW_LABELS[v]}
                </Text>
                <Group gap="xs" data-testid={`photos-${v}`}>
                  {list
                    .filter((p) => p.view === v)
                    .map((p) => (
                      <Stack key={p.id} gap={2} align="center">
                        <a href={imageUrl(p.id, "full")} target="_blank" rel="noreferrer">
                          <img
                            src={imageUrl(p.id, "thumb")}
                            alt={describe(p)}
                            height={96}
                            style={{ borderRadius: 4, display: "block" }}
                          />
                        </a>
                        <Button
                          variant="default"
                          size="compact-xs"
                          aria-label={`Remove the ${describe(p)} photo`}
                          onClick={() => {
                            setMessage(null);
                            setRemoving(p);
                          }}
                        >
                          Remove
                        </Button>
                      </Stack>
                    ))}
                </Group>
              </section>
            ))}
            {removing ? (
              <RemovePhoto
                key={removing.id}
                photo={removing}
                onDone={(done, text) => {
                  setRemoving(null);
                  if (done) setMessage({ ok: true, text });
                }}
              />
            ) : null}
            <Compare photos={list} />
          </>
        )}
        {removed.length > 0 ? (
          <section aria-label="Removed photos" data-testid="removed-photos">
            <Text size="sm" fw={600} mb={4}>
              Removed photos
            </Text>
            <Stack gap={2} component="ul" style={{ margin: 0, paddingLeft: 18 }}>
              {removed.map((p) => (
                <Text component="li" size="sm" key={p.id}>
                  {describe(p)}: removed {formatCalendarDate(p.removed!.at.toISOString().slice(0, 10))}
                  {p.removed!.byName ? ` by ${p.removed!.byName}` : ""}. Reason: {p.removed!.reason}
                </Text>
              ))}
            </Stack>
          </section>
        ) : null}
      </Stack>
    );
  }

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="photos-title">
      <Title order={2} size="h4" id="photos-title" mb="md">
        Photos
      </Title>
      {body}
    </Paper>
  );
}
