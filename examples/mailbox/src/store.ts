/** One message as the inbox keeps it: what people read, plus the headers Brygga sets. */
export interface StoredMessage {
  /** The inbox's own number for it, 1, 2, 3…: it names the message's page. */
  readonly id: string;
  readonly receivedAt: string;
  /** The SMTP envelope: who the server was told it is from and for. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly messageId: string | undefined;
  readonly subject: string;
  readonly from: string;
  readonly to: string;
  readonly replyTo: string | undefined;
  readonly date: string | undefined;
  /** Headers starting with `x-brygga-`, and `auto-submitted`, lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly html: string | undefined;
  /** The size of the message as received, in bytes. */
  readonly size: number;
}

export type NewMessage = Omit<StoredMessage, 'id'>;

/** The messages received since start, newest first, in memory and bounded: the oldest go when it is full. */
export class MessageStore {
  readonly #messages: StoredMessage[] = [];
  readonly #limit: number;
  #next = 1;

  constructor(limit = 200) {
    this.#limit = limit;
  }

  add(message: NewMessage): StoredMessage {
    const stored = { id: String(this.#next++), ...message };
    this.#messages.unshift(stored);
    if (this.#messages.length > this.#limit) this.#messages.length = this.#limit;
    return stored;
  }

  list(): readonly StoredMessage[] {
    return [...this.#messages];
  }

  get(id: string): StoredMessage | undefined {
    return this.#messages.find((message) => message.id === id);
  }

  clear(): void {
    this.#messages.length = 0;
  }
}
