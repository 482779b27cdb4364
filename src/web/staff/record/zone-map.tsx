/**
 * A face and body zone map: our own simple drawing, one shape per protocol zone. Choosing a shape
 * (click, or Enter/Space from the keyboard) selects that zone for charting. The eyelid is drawn
 * hatched and cannot be chosen: it is never needled.
 */
import type { KeyboardEvent } from "react";

interface Shape {
  zone: string;
  label: string;
  d: string;
  labelAt: [number, number];
}

// Face seen from the front in a 240 x 330 box; neck, scalp and body sit around it.
const SHAPES: Shape[] = [
  { zone: "scalp", label: "Scalp", d: "M60 70 Q120 -5 180 70 L170 78 Q120 30 70 78 Z", labelAt: [120, 45] },
  { zone: "forehead", label: "Forehead", d: "M70 78 Q120 30 170 78 L170 108 L70 108 Z", labelAt: [120, 92] },
  {
    zone: "periorbital",
    label: "Around the eyes",
    d: "M66 112 L108 112 L108 146 L66 146 Z M132 112 L174 112 L174 146 L132 146 Z",
    labelAt: [120, 160],
  },
  {
    zone: "eyelid",
    label: "Eyelids (never needled)",
    d: "M76 120 Q87 112 98 120 Q87 130 76 120 Z M142 120 Q153 112 164 120 Q153 130 142 120 Z",
    labelAt: [0, 0],
  },
  { zone: "nose", label: "Nose", d: "M110 112 L130 112 L136 178 L104 178 Z", labelAt: [120, 150] },
  {
    zone: "cheeks",
    label: "Cheeks",
    d: "M62 150 L102 150 L100 210 L70 214 Q60 185 62 150 Z M138 150 L178 150 Q180 185 170 214 L140 210 Z",
    labelAt: [80, 185],
  },
  {
    zone: "perioral",
    label: "Around the mouth",
    d: "M100 182 L140 182 L142 218 L98 218 Z",
    labelAt: [120, 204],
  },
  {
    zone: "chin-jawline",
    label: "Chin and jawline",
    d: "M70 218 L98 222 L142 222 L170 218 Q150 262 120 266 Q90 262 70 218 Z",
    labelAt: [120, 246],
  },
  { zone: "neck", label: "Neck", d: "M95 268 L145 268 L150 300 L90 300 Z", labelAt: [120, 288] },
  { zone: "body", label: "Body", d: "M40 304 L200 304 L212 330 L28 330 Z", labelAt: [120, 322] },
];

/** The zones a condition can be placed on (the eyelid is never treated, so never asked about). */
export const ZONE_CHOICES: readonly { id: string; label: string }[] = SHAPES.filter(
  (s) => s.zone !== "eyelid",
).map((s) => ({ id: s.zone, label: s.label }));

export interface ZoneMapProps {
  /** Zones that carry a charted depth, shown filled with it. */
  charted: Record<string, number>;
  selected: string | null;
  onSelect: (zone: string) => void;
}

export function ZoneMap({ charted, selected, onSelect }: ZoneMapProps) {
  const keyed = (zone: string) => (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(zone);
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a drawing of zones; the group names it for screen readers
    <svg
      viewBox="0 0 240 334"
      width="100%"
      style={{ maxWidth: 320 }}
      role="group"
      aria-label="Treatment zones"
      data-testid="zone-map"
    >
      <defs>
        <pattern
          id="no-needle"
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <line x1="0" y1="0" x2="0" y2="6" stroke="#b42318" strokeWidth="2" />
        </pattern>
      </defs>
      <ellipse cx="120" cy="160" rx="64" ry="108" fill="#f6efe9" stroke="#8a7a6e" />
      {SHAPES.map((s) => {
        if (s.zone === "eyelid") {
          return (
            <g key={s.zone}>
              <path d={s.d} fill="url(#no-needle)" stroke="#b42318" />
            </g>
          );
        }
        const depth = charted[s.zone];
        const isSelected = selected === s.zone;
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>; it carries the button role and keyboard handling
          <g
            key={s.zone}
            role="button"
            tabIndex={0}
            aria-pressed={isSelected}
            aria-label={`${s.label}${depth !== undefined ? `, ${depth} mm` : ", not charted"}`}
            onClick={() => onSelect(s.zone)}
            onKeyDown={keyed(s.zone)}
            style={{ cursor: "pointer", outline: "none" }}
            data-zone={s.zone}
          >
            <path
              d={s.d}
              fill={
                depth !== undefined
                  ? `rgba(31, 111, 139, ${0.25 + Math.min(depth, 2) / 3})`
                  : "rgba(255,255,255,0.6)"
              }
              stroke={isSelected ? "#111" : "#5b6b73"}
              strokeWidth={isSelected ? 3 : 1}
            />
          </g>
        );
      })}
    </svg>
  );
}
