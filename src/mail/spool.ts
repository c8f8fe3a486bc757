import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { MailTransport } from './message.js';
import { toNodemailerMessage } from './smtp.js';

export interface SpoolOptions {
  /** Clock for file names (epoch ms); defaults to the system clock. */
  now?: () => number;
}

function fileStem(messageId: string, ms: number): string {
  const stamp = new Date(ms).toISOString().replace(/[-:.]/g, '');
  const id = messageId
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._@-]+|\.{2,}/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  return `${stamp}-${id || 'message'}`;
}

/** Writes each message as an RFC 5322 .eml file into `dir` (created if missing): spoolTransport('data/outbox'). */
export function spoolTransport(dir: string, options: SpoolOptions = {}): MailTransport {
  const now = options.now ?? Date.now;
  // The same message pipeline as SMTP, so the file holds exactly the bytes a server would receive.
  const composer = createTransport({ streamTransport: true, buffer: true });
  return {
    name: 'spool',
    async send(mail) {
      const info = await composer.sendMail(toNodemailerMessage(mail));
      // Messages name people and their appointments: owner only, whatever the umask.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      const stem = fileStem(mail.messageId, now());
      // Dot-prefixed .tmp, renamed when complete: readers looking for *.eml never see a partial file.
      const temp = join(dir, `.${stem}.${randomUUID()}.tmp`);
      try {
        await writeFile(temp, info.message, { mode: 0o600 });
        await chmod(temp, 0o600);
        await rename(temp, join(dir, `${stem}.eml`));
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  };
}
