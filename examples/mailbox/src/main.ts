import { startMailbox } from './server.ts';

/** `node examples/mailbox/src/main.ts`. Env: SMTP_PORT (default 7425), PORT (the inbox page, default 7404). */
function port(name: string, fallback: string): number {
  // An empty variable counts as unset: `PORT= node main.ts` should not mean port 0.
  const text = process.env[name] || fallback;
  const value = Number(text);
  if (!/^\d{1,5}$/.test(text) || value > 65_535) {
    console.error(`${name} must be a whole number from 0 to 65535.`);
    process.exit(2);
  }
  return value;
}

const mailbox = await startMailbox({ smtpPort: port('SMTP_PORT', '7425'), webPort: port('PORT', '7404') });
console.log(`Example mailbox: SMTP on ${mailbox.smtpUrl}, inbox at ${mailbox.webUrl}/`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, closing.`);
  mailbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Could not close cleanly:', error instanceof Error ? error.name : error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
