/** The server's background work, started with it and stopped before its pool closes. */
import type { Db } from "../../db/pool.ts";
import type { Config } from "../config.ts";
import { createMailer } from "../services/mailer.service.ts";
import { type MessageWorker, startMessageWorker } from "./message-worker.ts";

export async function startJobs(
  config: Config,
  adminUrl: string,
  db: Db,
  say: (line: string) => void,
): Promise<MessageWorker> {
  const mailer = config.mail.smtpUrl ? createMailer(config.mail.smtpUrl, config.mail.from) : null;
  if (!mailer) say("SMTP_URL is not set: patient messages are kept in the outbox for staff to read.");
  return startMessageWorker({ connectionString: adminUrl, db, mailer, log: say });
}
