/**
 * BankID's recommended user messages (from BankID's Relying Party guidelines), in Swedish and English, for the
 * failures this test IdP can simulate. Pure data; the pages decide how to show them.
 */

export interface Message {
  readonly sv: string;
  readonly en: string;
}

export const rfa = {
  RFA1: { sv: 'Starta BankID-appen.', en: 'Start your BankID app.' },
  RFA3: { sv: 'Åtgärden avbruten. Försök igen.', en: 'Action cancelled. Please try again.' },
  RFA4: {
    sv: 'En identifiering eller underskrift för det här personnumret är redan påbörjad. Försök igen.',
    en: 'An identification or signing for this personal number is already started. Please try again.',
  },
  RFA5: { sv: 'Internt tekniskt fel. Försök igen.', en: 'Internal error. Please try again.' },
  RFA6: { sv: 'Åtgärden avbruten.', en: 'Action cancelled.' },
  RFA8: {
    sv:
      'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. ' +
      'Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
    en:
      'The BankID app is not responding. Please check that it’s started and that you have internet access. ' +
      'If you don’t have a valid BankID you can get one from your bank. Try again.',
  },
  RFA16: {
    sv: 'Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
    en: 'The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one from your bank.',
  },
  // 17A is for a BankID app on the same device, 17B for a QR code that could not be read (other device).
  RFA17A: {
    sv:
      'BankID-appen verkar inte finnas i din dator eller mobil. Installera den och skaffa ett BankID hos din bank. ' +
      'Installera appen från din appbutik eller https://install.bankid.com',
    en:
      'The BankID app couldn’t be found on your computer or mobile device. Please install it and get a BankID ' +
      'from your bank. Install the app from your app store or https://install.bankid.com',
  },
  RFA17B: {
    sv:
      'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att ' +
      'BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID ' +
      'hos din bank. Installera appen från din appbutik eller https://install.bankid.com',
    en:
      'Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up ' +
      'to date. If you don’t have the BankID app, you need to install it and get a BankID from your bank. ' +
      'Install the app from your app store or https://install.bankid.com',
  },
  RFA9: {
    sv: 'Skriv in din säkerhetskod i BankID-appen och välj Legitimera eller Skriv under.',
    en: 'Enter your security code in the BankID app and select Identify or Sign.',
  },
  RFA21: { sv: 'Identifiering eller underskrift pågår.', en: 'Identification or signing in progress.' },
  RFA22: { sv: 'Okänt fel. Försök igen.', en: 'Unknown error. Please try again.' },
} as const satisfies Record<string, Message>;

export type RfaCode = keyof typeof rfa;

/** The BankID `failed` hint codes the login page can simulate. */
export const simulatedFailures = [
  'userCancel',
  'expiredTransaction',
  'certificateErr',
  'startFailed',
  'alreadyInProgress',
  'maintenance',
] as const;
export type SimulatedFailure = (typeof simulatedFailures)[number];

export function isSimulatedFailure(value: unknown): value is SimulatedFailure {
  return typeof value === 'string' && (simulatedFailures as readonly string[]).includes(value);
}

export interface FailureOutcome {
  readonly rfa: RfaCode;
  /** What the page calls the choice, so a tester knows what they are simulating. */
  readonly label: Message;
  /** The OAuth error the client receives. Every simulated failure means "no login", so all are access_denied. */
  readonly error: 'access_denied';
  /** `error_description`: names the BankID hint code, nothing about the person. */
  readonly description: string;
}

export const failureOutcomes: Readonly<Record<SimulatedFailure, FailureOutcome>> = {
  userCancel: {
    rfa: 'RFA6',
    label: { sv: 'Personen avbryter i BankID-appen', en: 'The person cancels in the BankID app' },
    error: 'access_denied',
    description: 'BankID order failed: userCancel',
  },
  expiredTransaction: {
    rfa: 'RFA8',
    label: {
      sv: 'Tiden går ut innan personen legitimerar sig',
      en: 'Time runs out before the person identifies',
    },
    error: 'access_denied',
    description: 'BankID order failed: expiredTransaction',
  },
  certificateErr: {
    rfa: 'RFA16',
    label: { sv: 'BankID är spärrat eller för gammalt', en: 'The BankID is blocked or too old' },
    error: 'access_denied',
    description: 'BankID order failed: certificateErr',
  },
  startFailed: {
    rfa: 'RFA17A',
    label: { sv: 'BankID-appen går inte att starta', en: 'The BankID app cannot be started' },
    error: 'access_denied',
    description: 'BankID order failed: startFailed',
  },
  // BankID answers these to the order call itself (an error, not a collect hint): no order is ever started.
  alreadyInProgress: {
    rfa: 'RFA4',
    label: {
      sv: 'En inloggning för personen pågår redan',
      en: 'A login for the person is already in progress',
    },
    error: 'access_denied',
    description: 'BankID order failed: alreadyInProgress',
  },
  maintenance: {
    rfa: 'RFA5',
    label: { sv: 'BankID har driftstörning', en: 'BankID is down for maintenance' },
    error: 'access_denied',
    description: 'BankID order failed: maintenance',
  },
};

/** Same-device (autostart) or other-device (QR code) flow: a few messages differ. */
export type Device = 'same' | 'other';

/** The message to show for a `failed` hint code; unknown codes get the fallback BankID recommends. */
export function failureMessage(hintCode: string, device: Device = 'same'): Message {
  if (hintCode === 'cancelled') return rfa.RFA3;
  if (hintCode === 'startFailed' && device === 'other') return rfa.RFA17B;
  return isSimulatedFailure(hintCode) ? rfa[failureOutcomes[hintCode].rfa] : rfa.RFA22;
}
