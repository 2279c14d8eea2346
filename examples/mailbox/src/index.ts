export { type Log, silentLog, stderrLog } from './log.ts';
export { type MailboxOptions, type RunningMailbox, startMailbox } from './server.ts';
export { MessageStore, type NewMessage, type StoredMessage } from './store.ts';
export { createInboxApp, type InboxAppOptions, loopbackHosts } from './web.ts';
