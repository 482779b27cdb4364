import { Button, Container, List, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import type { FactsAndPrices } from "../../../contract/public-facts.ts";
import { numberSources, SourceList, SourceRefs } from "../../components/sources.tsx";
import { enFaq } from "../../i18n/en-faq.ts";
import { addEnglishMessages, type MessageKey, t, tMaybe } from "../../i18n/index.ts";
import { usePublicFacts } from "../prices/use-facts.ts";
import { Link } from "../router.tsx";

// This page's English messages come with its code.
addEnglishMessages(enFaq);

type Entry = { id: string; q: MessageKey; a: ReactNode; source: string[] };

function entries(d: FactsAndPrices): Entry[] {
  const f = d.facts;
  const g = f.series.general?.value;
  const s = f.series.scars?.value;
  const deep = f.series.deepScars?.value;
  const r = f.resultsDays.value;
  const a = f.aftercareHours.value;
  const depth = f.depthMm.value;
  const list: Entry[] = [{ id: "what", q: "faq.what.q", a: t("faq.what.a"), source: [] }];
  if (f.numbingMinutes)
    list.push({
      id: "hurt",
      q: "faq.hurt.q",
      a: t("faq.hurt.a", { ...f.numbingMinutes.value }),
      source: f.numbingMinutes.source,
    });
  if (f.needlingMinutes)
    list.push({
      id: "long",
      q: "faq.long.q",
      a: t("faq.long.a", { ...f.needlingMinutes.value }),
      source: f.needlingMinutes.source,
    });
  list.push({
    id: "downtime",
    q: "faq.downtime.q",
    a: t("faq.downtime.a", {
      redness: a.redness ?? "?",
      rednessUpTo: a.rednessUpTo ?? "?",
      downtime: a.downtime ?? "?",
    }),
    source: f.aftercareHours.source,
  });
  if (g && s && deep)
    list.push({
      id: "sessions",
      q: "faq.sessions.q",
      a: t("faq.sessions.a", {
        gmin: g.sessions.min,
        gmax: g.sessions.max,
        wmin: g.intervalWeeks.min,
        wmax: g.intervalWeeks.max,
        smin: s.sessions.min,
        smax: s.sessions.max,
        dmin: deep.sessions.min,
        dmax: deep.sessions.max,
        mmin: g.maintenanceMonths.min,
        mmax: g.maintenanceMonths.max,
      }),
      source: [...new Set([...(f.series.general?.source ?? []), ...(f.series.deepScars?.source ?? [])])],
    });
  if (r.full)
    list.push({
      id: "results",
      q: "faq.results.q",
      a: t("faq.results.a", {
        fmin: r.full.min,
        fmax: r.full.max,
        months: r.remodelingEndDay ? Math.round(r.remodelingEndDay / 30.4) : 12,
      }),
      source: f.resultsDays.source,
    });
  list.push({
    id: "depth",
    q: "faq.depth.q",
    a: t("faq.depth.a", {
      fineLines: depth.fineLines ?? "?",
      scars: depth.scars ?? "?",
      overall: depth.overall ?? "?",
    }),
    source: f.depthMm.source,
  });
  list.push({
    id: "makeup",
    q: "faq.makeup.q",
    a: t("faq.makeup.a", { makeUp: a.makeUp ?? "?", actives: a.actives ?? "?" }),
    source: f.aftercareHours.source,
  });
  if (f.pregnancy.value)
    list.push({ id: "pregnancy", q: "faq.pregnancy.q", a: t("faq.pregnancy.a"), source: f.pregnancy.source });
  list.push({
    id: "avoid",
    q: "faq.avoid.q",
    a: (
      <>
        {t("faq.avoid.a")}
        <List size="sm" mt={4} data-testid="faq-avoid">
          {f.contraindications.value.map((c) => (
            <List.Item key={c.id}>
              {tMaybe(`faq.avoid.${c.id}`, t("faq.avoid.other"))}{" "}
              {tMaybe(`faq.avoid.action.${c.action}`, t("faq.avoid.action.decline"))}
            </List.Item>
          ))}
        </List>
        <Text fw={700} mt="xs" size="sm">
          {t("faq.avoid.safety")}
        </Text>
      </>
    ),
    source: f.contraindications.source,
  });
  list.push({
    id: "skin",
    q: "faq.skinTypes.q",
    a: t("faq.skinTypes.a"),
    source: f.darkerSkinCaution.source,
  });
  list.push({
    id: "home",
    q: "faq.home.q",
    a: t("faq.home.a", { homeUse: depth.homeUse ?? "?" }),
    source: [...f.homeUse.source, ...f.granuloma.source],
  });
  list.push({
    id: "infection",
    q: "faq.infection.q",
    a: t("faq.infection.a"),
    source: f.lateReactions.source,
  });
  return list;
}

export function FaqPage() {
  const { data, failed } = usePublicFacts();
  const list = data ? entries(data) : [];
  const numbers = numberSources(list.map((e) => e.source));
  const citations = new Map((data?.facts.citations ?? []).map((c) => [c.id, c.citation]));
  return (
    <Container size="sm" py={{ base: 32, sm: 64 }}>
      <title>{t("faq.title")}</title>
      <Stack gap="lg">
        <Title order={1} c="spruce.9">
          {t("faq.title")}
        </Title>
        <Text>{t("faq.intro")}</Text>
        {failed ? <Text role="alert">{t("common.loadFailed")}</Text> : null}
        {!data && !failed ? <Skeleton height={300} /> : null}
        {list.map((e) => (
          <section key={e.id} id={`faq-${e.id}`}>
            <Title order={2} size="h4">
              {t(e.q)}
            </Title>
            <Text component="div" mt={4}>
              {e.a}
            </Text>
            <SourceRefs ids={e.source} numbers={numbers} />
          </section>
        ))}
        {data ? <SourceList numbers={numbers} citations={citations} /> : null}
        <Button component={Link} to="/self-check" w="fit-content">
          {t("faq.selfCheckLink")}
        </Button>
      </Stack>
    </Container>
  );
}
