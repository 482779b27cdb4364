// The healing phases of each session and the series' result milestones on one time axis, with a
// "you are here" mark for today. Plain SVG: no chart library on a patient's phone.
import type { HealingForecast } from "../../../domain/protocol/healing-forecast.ts";
import { t, tMaybe } from "../../i18n/index.ts";

const DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const PHASE_COLOURS: Record<string, string> = {
  inflammation: "#b5523b",
  proliferation: "#2f7d6d",
  remodeling: "#3a5a8c",
};

// Result milestones the protocol marks unsupported (an early glow, a first visible change) are not
// drawn for patients: no study measured when they happen.
const UNSUPPORTED_MILESTONES = new Set(["RES-GLOW", "RES-VISIBLE"]);

type Phase = HealingForecast["sessions"][number]["phases"][number];

/**
 * Where a phase's bar ends: the later of the articles' end and the literature's, so remodelling
 * runs to about a year (the literature) rather than stopping at the articles' 6 months. A phase the
 * articles give no end (proliferation) runs to its peak, else two weeks.
 */
function phaseEnd(p: Phase): number {
  const from = ms(p.blogDefault.start);
  const articles = ms(p.blogDefault.end ?? p.blogDefault.peak ?? p.blogDefault.start) || from + 14 * DAY;
  const literature = p.literature.end ? ms(p.literature.end) : 0;
  return Math.max(articles, literature);
}

export function HealingChart({ forecast: full, today }: { forecast: HealingForecast; today: string }) {
  const forecast = { ...full, milestones: full.milestones.filter((m) => !UNSUPPORTED_MILESTONES.has(m.id)) };
  const start = ms(forecast.firstSession);
  const ends = [
    ...forecast.milestones.map((m) => ms(m.afterSeries.to)),
    ...forecast.sessions.flatMap((s) => s.phases.map(phaseEnd)),
    ms(today),
  ];
  const end = Math.max(...ends) + 7 * DAY;
  const width = 340;
  const left = 96;
  const x = (d: number) => left + ((d - start) / (end - start)) * (width - left - 8);
  const phases = forecast.sessions[0]?.phases.map((p) => p.id) ?? [];
  const rowH = 22;
  const top = 8;
  const rows = [
    ...phases.map((id) => ({ kind: "phase" as const, id })),
    ...forecast.milestones.map((m) => ({ kind: "milestone" as const, id: m.id })),
  ];
  const height = top + rows.length * rowH + 28;
  const todayX = x(ms(today));
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby="healing-chart-title healing-chart-desc"
        data-testid="healing-chart"
      >
        <title id="healing-chart-title">{t("aftercare.chart.title")}</title>
        <desc id="healing-chart-desc">{t("aftercare.chart.desc")}</desc>
        {rows.map((row, i) => {
          const y = top + i * rowH;
          const label =
            row.kind === "phase"
              ? tMaybe(`aftercare.chart.phase.${row.id}`, row.id)
              : tMaybe(`aftercare.chart.milestone.${row.id}`, row.id);
          return (
            <g key={row.id}>
              <text x={0} y={y + 14} fontSize={11} fill="#1f2d2a">
                {label}
              </text>
              {row.kind === "phase"
                ? forecast.sessions.map((s) => {
                    const p = s.phases.find((q) => q.id === row.id);
                    if (!p) return null;
                    const from = ms(p.blogDefault.start);
                    const to = phaseEnd(p);
                    return (
                      <rect
                        key={s.session}
                        x={x(from)}
                        y={y + 4}
                        width={Math.max(2, x(Math.max(to, from + DAY)) - x(from))}
                        height={12}
                        rx={3}
                        fill={PHASE_COLOURS[row.id] ?? "#555"}
                        opacity={0.75}
                      />
                    );
                  })
                : (() => {
                    const m = forecast.milestones.find((q) => q.id === row.id)!;
                    const from = ms(m.afterSeries.from);
                    const to = ms(m.afterSeries.to);
                    return (
                      <rect
                        x={x(from)}
                        y={y + 4}
                        width={Math.max(2, x(to) - x(from))}
                        height={12}
                        rx={6}
                        fill="#c9a227"
                      />
                    );
                  })()}
            </g>
          );
        })}
        {forecast.sessions.map((s) => (
          <line
            key={s.session}
            x1={x(ms(s.date))}
            x2={x(ms(s.date))}
            y1={top}
            y2={height - 24}
            stroke="#1f2d2a"
            strokeDasharray="2 2"
          />
        ))}
        <line x1={todayX} x2={todayX} y1={top - 4} y2={height - 20} stroke="#d6336c" strokeWidth={2} />
        <text
          x={Math.min(todayX, width - 70)}
          y={height - 6}
          fontSize={11}
          fontWeight={700}
          fill="#a61e4d"
          data-testid="you-are-here"
        >
          {t("aftercare.chart.youAreHere")}
        </text>
      </svg>
    </figure>
  );
}
