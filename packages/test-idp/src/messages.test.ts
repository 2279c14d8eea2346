import { describe, expect, it } from 'vitest';
import { failureMessage, failureOutcomes, rfa, simulatedFailures } from './messages.ts';

describe('BankID failure messages', () => {
  it('maps each hint code to the recommended message', () => {
    expect(failureMessage('userCancel')).toBe(rfa.RFA6);
    expect(failureMessage('expiredTransaction')).toBe(rfa.RFA8);
    expect(failureMessage('certificateErr')).toBe(rfa.RFA16);
    expect(failureMessage('startFailed')).toBe(rfa.RFA17A);
    expect(failureMessage('cancelled')).toBe(rfa.RFA3);
    expect(failureMessage('alreadyInProgress')).toBe(rfa.RFA4);
    expect(failureMessage('startFailed', 'other')).toBe(rfa.RFA17B);
    expect(failureMessage('userCancel', 'other')).toBe(rfa.RFA6);
    expect(failureMessage('maintenance').sv).toBe('Internt tekniskt fel. Försök igen.');
  });

  it('falls back to RFA22 for a hint code it does not know', () => {
    expect(failureMessage('somethingNew')).toEqual({
      sv: 'Okänt fel. Försök igen.',
      en: 'Unknown error. Please try again.',
    });
  });

  it('ends every simulated failure with access_denied and the hint code, nothing else', () => {
    for (const failure of simulatedFailures) {
      expect(failureOutcomes[failure]).toMatchObject({
        error: 'access_denied',
        description: `BankID order failed: ${failure}`,
      });
    }
  });
});
