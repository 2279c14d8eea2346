import type { Message } from '../messages.ts';
import { bilingual, escapeHtml, renderPage } from './html.ts';

export interface MessagePageInput {
  readonly heading: Message;
  readonly text: Message;
  /** Technical details for a developer (an OAuth error code, say); shown as code, never personal data. */
  readonly details?: ReadonlyArray<readonly [string, string]>;
  /** Extra HTML after the text (already escaped), such as a form. */
  readonly after?: string;
}

/** A page that says one thing: errors, logout confirmations. */
export function renderMessagePage(input: MessagePageInput): string {
  const details =
    input.details && input.details.length > 0
      ? `<dl>${input.details.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd><code>${escapeHtml(value)}</code></dd>`).join('')}</dl>`
      : '';
  const main = `<h1>${bilingual(input.heading)}</h1>
<p>${bilingual(input.text)}</p>
${details}
${input.after ?? ''}`;
  return renderPage({ title: input.heading.sv, main });
}
