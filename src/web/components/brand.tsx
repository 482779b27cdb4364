import { Group, Text } from "@mantine/core";

/** The Remodel mark: a grid of micro-channels in a rounded square. */
export function LogoMark({ size = 32 }: { size?: number }) {
  const dots = [10, 16, 22];
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-spruce-7)" />
      {dots.flatMap((y) =>
        dots.map((x) => (
          <circle key={`${x}-${y}`} cx={x} cy={y} r={x === 16 && y === 16 ? 2.4 : 1.8} fill="#e9f4f2" />
        )),
      )}
    </svg>
  );
}

/** Logo mark, clinic name and an optional small label under it ("Staff", "Patient portal"). */
export function Brand({ name, label }: { name: string; label?: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <LogoMark />
      <div style={{ lineHeight: 1.15, minWidth: 0 }}>
        <Text fw={700} size="md" c="spruce.9" truncate="end">
          {name}
        </Text>
        {label ? (
          <Text size="xs" c="dimmed" fw={500}>
            {label}
          </Text>
        ) : null}
      </div>
    </Group>
  );
}
