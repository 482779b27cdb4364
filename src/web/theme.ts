import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from "@mantine/core";

// A calm clinical palette: a deep spruce green-blue for actions, a warm clay accent, soft neutrals.
// Shade 7 is the primary shade so that white text on filled buttons and coloured text on light
// badges both keep a contrast ratio above 4.5:1.
const spruce: MantineColorsTuple = [
  "#eef7f6",
  "#d9eeeb",
  "#b3dcd6",
  "#8ac8c0",
  "#66b4ab",
  "#4a9d94",
  "#32847c",
  "#1d5f5b",
  "#164d4a",
  "#0e3735",
];

const clay: MantineColorsTuple = [
  "#fbf3ee",
  "#f4e3d8",
  "#e8c4ad",
  "#dca483",
  "#d18a62",
  "#c9794c",
  "#b8653a",
  "#94502d",
  "#7a4225",
  "#5e321b",
];

export const theme = createTheme({
  primaryColor: "spruce",
  primaryShade: 7,
  colors: { spruce, clay },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  headings: {
    fontFamily: '"Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, serif',
    fontWeight: "600",
  },
  defaultRadius: "md",
  cursorType: "pointer",
  components: {
    Button: { defaultProps: { radius: "md" } },
    // Links inside text must not rely on colour alone to stand out.
    Anchor: { defaultProps: { underline: "always" } },
    Paper: { defaultProps: { radius: "lg" } },
    Card: { defaultProps: { radius: "lg" } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    // Mantine's default dimmed grey is too faint for small text on white (WCAG AA needs 4.5:1).
    "--mantine-color-dimmed": "#55606b",
    // The same for Mantine's error red (3.3:1 on white): every field's error text takes red.9 (5:1).
    "--mantine-color-error": "var(--mantine-color-red-9)",
    // Text on light alerts and badges is shade 9 on shade 1, under 4.5:1 for these colours (yellow:
    // 2.7:1); each is darkened just enough to reach 4.6:1.
    "--mantine-color-red-light-color": "#c52929",
    "--mantine-color-orange-light-color": "#bb3e0d",
    "--mantine-color-yellow-light-color": "#a85700",
    "--mantine-color-green-light-color": "#267b37",
    "--mantine-color-teal-light-color": "#087a57",
    "--mantine-color-lime-light-color": "#4b790b",
    "--mantine-color-body": "#ffffff",
    "--remodel-page": "#f5f7f6",
    "--remodel-border": "#e3e8e6",
  },
  dark: {
    "--remodel-page": "#1a1d1c",
    "--remodel-border": "#2e3432",
  },
});
