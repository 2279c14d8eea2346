import { applicationTypes } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { describeApplication, readApplication } from './application-type.ts';

describe('the application type in the description', () => {
  it('round-trips every type with any description the head allows', () => {
    const descriptions = ['', 'Garage.', 'Rad ett.\n\nRad två.', 'Typ av ansökan: marklov', '  inre  luft  '];
    for (const applicationType of applicationTypes) {
      for (const description of descriptions) {
        const stored = describeApplication(applicationType, description);
        expect(stored).not.toBe('');
        expect(readApplication(stored)).toEqual({ applicationType, description });
      }
    }
  });

  it('reads a case filed without the line as a building permit, its description untouched', () => {
    expect(readApplication('Garage 30 kvm.')).toEqual({
      applicationType: 'bygglov',
      description: 'Garage 30 kvm.',
    });
    expect(readApplication('Typ av ansökan: husbåt\n\nX')).toEqual({
      applicationType: 'bygglov',
      description: 'Typ av ansökan: husbåt\n\nX',
    });
  });

  it('leaves the case officer a readable first line', () => {
    expect(describeApplication('marklov', 'Schaktning för pool.')).toBe(
      'Typ av ansökan: marklov\n\nSchaktning för pool.',
    );
  });
});
