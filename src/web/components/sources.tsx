// Sources as patients see them: numbered references ("Sources: [1] [3]") beside each claim, and the
// numbered list of citations once at the end of the page. Patients never see the protocol's source
// ids; staff screens keep showing them.
import { Anchor, List, Text } from "@mantine/core";
import { t } from "../i18n/index.ts";

/** Numbers for source ids, in the order they are first cited on the page. */
export function numberSources(groups: readonly (readonly string[])[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const ids of groups) for (const id of ids) if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
  return numbers;
}

/** "[1] [3]" for these ids; ids without a number are left out. */
export function sourceNumbersText(ids: readonly string[], numbers: ReadonlyMap<string, number>): string {
  return [...new Set(ids)]
    .map((id) => numbers.get(id))
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b)
    .map((n) => `[${n}]`)
    .join(" ");
}

export function SourceRefs({
  ids,
  numbers,
  inline = false,
}: {
  ids: readonly string[];
  numbers: ReadonlyMap<string, number>;
  inline?: boolean;
}) {
  const text = sourceNumbersText(ids, numbers);
  if (text === "") return null;
  return (
    <Text
      span={inline}
      size="xs"
      c="dimmed"
      mt={inline ? undefined : 4}
      display={inline ? undefined : "block"}
    >
      {t("common.sourceNumbers", { numbers: text })}
    </Text>
  );
}

/** The numbered citations, folded away under "Sources". */
export function SourceList({
  numbers,
  citations,
}: {
  numbers: ReadonlyMap<string, number>;
  citations: ReadonlyMap<string, string>;
}) {
  if (numbers.size === 0) return null;
  return (
    <details>
      <summary>
        <Anchor component="span">{t("common.sources")}</Anchor>
      </summary>
      <List size="xs" mt="xs" spacing={4} listStyleType="none" data-testid="source-list">
        {[...numbers].map(([id, n]) => (
          <List.Item key={id}>
            [{n}] {patientCitation(citations.get(id) ?? "")}
          </List.Item>
        ))}
      </List>
    </details>
  );
}

/** A citation without the protocol's internal notes (file paths of the seed articles). */
function patientCitation(citation: string): string {
  return citation.replace(/\s*\([^)]*shared\/seeds[^)]*\)/g, "").trim();
}
