/**
 * The marketing gallery: photos whose patients' consent still allows marketing use, across
 * patients, without names. A photo leaves it as soon as the consent no longer allows it (the
 * server decides, and audits each look).
 */
import { Anchor, Image, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { marketingPhotos } from "../../../contract/photos.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";

const VIEW_TEXT: Record<string, string> = {
  front: "front",
  "left-45": "left, 45°",
  "right-45": "right, 45°",
  "left-90": "left profile",
  "right-90": "right profile",
};

const image = (id: string, size: "thumb" | "full") =>
  `/api/photos/${id}/image?size=${size}&context=marketing`;

export function GalleryPage() {
  const user = useStaffUser();
  const photos = useApiQuery(marketingPhotos);
  return (
    <Stack gap="lg" maw={1100}>
      <title>{`Marketing gallery · ${user.clinic.name}`}</title>
      <Title order={1}>Marketing gallery</Title>
      <Text size="sm" c="dimmed">
        Only photos whose patients agreed to marketing use, and still agree. Names are never shown here.
      </Text>
      {photos.isError ? (
        <ErrorState title="The gallery could not be loaded" error={photos.error} onRetry={photos.refetch} />
      ) : !photos.data ? (
        <LoadingState />
      ) : photos.data.photos.length === 0 ? (
        <Text role="status">No photo is released for marketing yet.</Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm" data-testid="gallery">
          {photos.data.photos.map((p) => {
            const alt = `Treatment photo, ${VIEW_TEXT[p.view] ?? p.view} view, ${formatCalendarDate(p.takenOn)}`;
            return (
              <Paper withBorder p={4} key={p.id}>
                <Anchor
                  href={image(p.id, "full")}
                  target="_blank"
                  rel="noopener"
                  aria-label={`${alt} (full size)`}
                >
                  <Image src={image(p.id, "thumb")} alt={alt} radius="sm" />
                </Anchor>
                <Text size="xs" mt={4}>
                  {VIEW_TEXT[p.view] ?? p.view} · {formatCalendarDate(p.takenOn)}
                </Text>
              </Paper>
            );
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}
