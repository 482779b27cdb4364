/**
 * The text drawn on a PDF's pages, for tests: inflates each content stream and reads the strings
 * shown with Tj (hex or literal), decoded from WinAnsi, the encoding of the standard fonts. One
 * string per shown line. Enough for the PDFs Remodel draws with pdf-lib, not a general reader.
 */
import { inflateSync } from "node:zlib";

// WinAnsi bytes 0x80-0x9f that are not Latin-1.
const WIN_ANSI: Record<number, string> = {
  128: "€",
  130: "‚",
  131: "ƒ",
  132: "„",
  133: "…",
  134: "†",
  135: "‡",
  136: "ˆ",
  137: "‰",
  138: "Š",
  139: "‹",
  140: "Œ",
  142: "Ž",
  145: "‘",
  146: "’",
  147: "“",
  148: "”",
  149: "•",
  150: "–",
  151: "—",
  152: "˜",
  153: "™",
  154: "š",
  155: "›",
  156: "œ",
  158: "ž",
  159: "Ÿ",
};

const decode = (bytes: number[]) => bytes.map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join("");

function literal(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\") {
      out.push(c.charCodeAt(0));
      continue;
    }
    const next = s[++i]!;
    const octal = /^[0-7]{1,3}/.exec(s.slice(i))?.[0];
    if (octal) {
      out.push(Number.parseInt(octal, 8));
      i += octal.length - 1;
    } else
      out.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return out;
}

export function pdfText(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf).toString("latin1");
  const lines: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (const m of raw.matchAll(streams)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1");
    } catch {
      content = m[1]!;
    }
    for (const shown of content.matchAll(/(?:<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\))\s*Tj/g)) {
      const bytes =
        shown[1] !== undefined
          ? (shown[1].replace(/\s/g, "").match(/../g) ?? []).map((h) => Number.parseInt(h, 16))
          : literal(shown[2]!);
      lines.push(decode(bytes));
    }
  }
  return lines;
}
