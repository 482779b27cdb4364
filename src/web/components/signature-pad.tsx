/**
 * A drawn signature: a canvas that takes a finger, a stylus or a mouse (pointer events, so a
 * clinic tablet and a phone work alike). Whoever cannot draw (keyboard, switch access) signs with
 * the typed name instead: one button writes it onto the pad. The value is a PNG data URL.
 */
import { Button, Group, Stack, Text } from "@mantine/core";
import { useEffect, useId, useRef, useState } from "react";
import { pageTranslator, type Translator } from "../i18n/translator.ts";

const WIDTH = 480;
const HEIGHT = 150;

export interface SignaturePadProps {
  label: string;
  /** The name typed in the form; the keyboard alternative writes it onto the pad. */
  typedName: string;
  onChange: (png: string | null) => void;
  /** The language of its hint and buttons (the patient's, on a clinic tablet); the page's otherwise. */
  tr?: Translator;
}

export function SignaturePad({ label, typedName, onChange, tr = pageTranslator() }: SignaturePadProps) {
  const { t } = tr;
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [signed, setSigned] = useState(false);
  const hintId = useId();

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    // Sharp lines on high-density screens: the backing store follows the device pixel ratio.
    const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    c.width = WIDTH * ratio;
    c.height = HEIGHT * ratio;
    const ctx = c.getContext("2d");
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#1b2a33";
  }, []);

  const context = () => canvas.current?.getContext("2d") ?? null;

  function point(event: React.PointerEvent<HTMLCanvasElement>): [number, number] {
    const rect = event.currentTarget.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) / rect.width) * WIDTH,
      ((event.clientY - rect.top) / rect.height) * HEIGHT,
    ];
  }

  function finish() {
    const c = canvas.current;
    if (!c) return;
    setSigned(true);
    onChange(c.toDataURL("image/png"));
  }

  function clear() {
    const ctx = context();
    if (ctx) ctx.clearRect(0, 0, WIDTH, HEIGHT);
    setSigned(false);
    onChange(null);
  }

  function signWithTypedName() {
    const ctx = context();
    const name = typedName.trim();
    if (!ctx || name === "") return;
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.save();
    ctx.fillStyle = "#1b2a33";
    let size = 44;
    ctx.font = `italic ${size}px "Brush Script MT", "Segoe Script", cursive, serif`;
    while (ctx.measureText(name).width > WIDTH - 40 && size > 14) {
      size -= 2;
      ctx.font = `italic ${size}px "Brush Script MT", "Segoe Script", cursive, serif`;
    }
    ctx.fillText(name, 20, HEIGHT / 2 + size / 3);
    ctx.restore();
    finish();
  }

  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id={`${hintId}-label`}>
        {label}
      </Text>
      <canvas
        ref={canvas}
        role="img"
        aria-labelledby={`${hintId}-label`}
        aria-describedby={hintId}
        data-testid="signature-pad"
        data-signed={signed ? "true" : "false"}
        style={{
          width: "100%",
          maxWidth: WIDTH,
          aspectRatio: `${WIDTH} / ${HEIGHT}`,
          border: "1px dashed var(--mantine-color-gray-6)",
          borderRadius: 8,
          background: "white",
          touchAction: "none",
          cursor: "crosshair",
        }}
        onPointerDown={(event) => {
          const ctx = context();
          if (!ctx) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          drawing.current = true;
          const [x, y] = point(event);
          ctx.beginPath();
          ctx.moveTo(x, y);
          // A tap leaves a dot, as a pen would.
          ctx.lineTo(x + 0.1, y + 0.1);
          ctx.stroke();
        }}
        onPointerMove={(event) => {
          const ctx = context();
          if (!drawing.current || !ctx) return;
          const [x, y] = point(event);
          ctx.lineTo(x, y);
          ctx.stroke();
        }}
        onPointerUp={() => {
          if (!drawing.current) return;
          drawing.current = false;
          finish();
        }}
        onPointerCancel={() => {
          drawing.current = false;
        }}
      />
      <Text size="xs" c="dimmed" id={hintId}>
        {t("consent.pad.hint")}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={signWithTypedName} disabled={typedName.trim() === ""}>
          {t("consent.pad.typed")}
        </Button>
        <Button variant="subtle" size="xs" onClick={clear} disabled={!signed}>
          {t("consent.pad.clear")}
        </Button>
      </Group>
    </Stack>
  );
}
