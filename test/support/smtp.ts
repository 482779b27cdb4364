/**
 * A real SMTP server on loopback for tests, keeping what arrives, with a small MIME reader
 * (headers, text part, attachments; base64 and quoted-printable).
 */
import { SMTPServer } from "smtp-server";

export interface ReceivedPart {
  contentType: string;
  filename: string | null;
  content: string;
}

export interface ReceivedMail {
  envelopeTo: string[];
  subject: string;
  to: string;
  messageId: string;
  text: string;
  attachments: ReceivedPart[];
  raw: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** While set, every recipient is refused with this SMTP code. */
  refuse: number | null;
  close(): Promise<void>;
}

function decodeWords(s: string): string {
  // Whitespace between two encoded words is folding, not text (RFC 2047, 6.2).
  return s
    .replace(/(\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _cs, enc: string, data: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQp(data.replace(/_/g, " ")),
    );
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "=" && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function splitEntity(entity: string): { headers: Map<string, string>; body: string } {
  const at = entity.indexOf("\r\n\r\n");
  const head = at < 0 ? entity : entity.slice(0, at);
  const body = at < 0 ? "" : entity.slice(at + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const enc = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") return decodeQp(body);
  return body;
}

export function parseMail(raw: string, envelopeTo: string[]): ReceivedMail {
  const { headers, body } = splitEntity(raw);
  const type = headers.get("content-type") ?? "text/plain";
  let text = "";
  const attachments: ReceivedPart[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith("--")) break;
      const p = splitEntity(part.replace(/^\r\n/, ""));
      const ct = p.headers.get("content-type") ?? "text/plain";
      const disposition = p.headers.get("content-disposition") ?? "";
      const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? /name="?([^";]+)"?/i.exec(ct)?.[1];
      const content = decodeBody(p.headers, p.body.replace(/\r\n$/, ""));
      if (!filename && ct.startsWith("text/plain") && !text) text = content;
      else attachments.push({ contentType: ct, filename: filename ?? null, content });
    }
  } else text = decodeBody(headers, body);
  return {
    envelopeTo,
    subject: decodeWords(headers.get("subject") ?? ""),
    to: headers.get("to") ?? "",
    messageId: headers.get("message-id") ?? "",
    text,
    attachments,
    raw,
  };
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: "",
    received: [],
    refuse: null,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (state.refuse) {
        const err = new Error("mailbox unavailable") as Error & { responseCode: number };
        err.responseCode = state.refuse;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        state.received.push(
          parseMail(
            Buffer.concat(chunks).toString("utf8"),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
