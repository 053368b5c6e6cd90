import type { MailMessage, Mailer } from './mailer.js';

/** Sends mail after a response has gone out, without letting a slow or failing SMTP server affect the request. */
export interface MailDispatcher {
  /** Queues messages; failures are logged, never thrown. */
  send(messages: readonly MailMessage[]): void;
  /** Builds the messages just after the current response has gone out (invites are a few ms of CPU), then sends them. */
  sendLater(make: () => readonly MailMessage[]): void;
  /** Resolves when every queued message has been handed over (used on shutdown and in tests). */
  idle(): Promise<void>;
}

export function createDispatcher(mailer: Mailer, logError: (message: string, error: unknown) => void): MailDispatcher {
  const pending = new Set<Promise<unknown>>();
  const dispatcher: MailDispatcher = {
    sendLater(make) {
      const job = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => dispatcher.send(make()))
        .catch((error: unknown) => logError('Building an email failed:', error))
        .finally(() => pending.delete(job));
      pending.add(job);
    },
    send(messages) {
      if (messages.length > 1 && mailer.sendAll) {
        const job = mailer
          .sendAll(messages)
          .catch((error: unknown) =>
            logError(`Emails ${messages.map((m) => `"${m.subject}" to ${m.to}`).join(', ')} failed:`, error),
          )
          .finally(() => pending.delete(job));
        pending.add(job);
        return;
      }
      for (const message of messages) {
        const job = mailer
          .send(message)
          .catch((error: unknown) => logError(`Email "${message.subject}" to ${message.to} failed:`, error))
          .finally(() => pending.delete(job));
        pending.add(job);
      }
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
  return dispatcher;
}
