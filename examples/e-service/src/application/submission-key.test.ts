import { describe, expect, it } from 'vitest';
import type { Application } from './form.ts';
import { fingerprint, submissionKey } from './submission-key.ts';

const application: Application = {
  applicationType: 'bygglov',
  title: 'Garage',
  description: 'Ett garage.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant: { givenName: 'Tolvan', familyName: 'Tolvansson', email: 'tolvan@example.se' },
};

describe('submissionKey', () => {
  let counter = 0;
  const newKey = () => `key-${++counter}`;

  it('keeps the key when the same application is sent again, whatever the order of its fields', () => {
    const first = submissionKey(undefined, application, newKey);
    const reordered: Application = {
      applicant: { email: 'tolvan@example.se', familyName: 'Tolvansson', givenName: 'Tolvan' },
      propertyDesignation: 'UPPSALA KÅBO 5:12',
      description: 'Ett garage.',
      title: 'Garage',
      applicationType: 'bygglov',
    };
    expect(submissionKey(first, reordered, newKey)).toBe(first);
  });

  it('takes a new key when anything changed, since the gateway refuses a key reused for another request', () => {
    const first = submissionKey(undefined, application, newKey);
    const changed = submissionKey(first, { ...application, title: 'Carport' }, newKey);
    expect(changed.key).not.toBe(first.key);
    const noEmail = submissionKey(
      changed,
      { ...application, title: 'Carport', applicant: { givenName: 'Tolvan', familyName: 'Tolvansson' } },
      newKey,
    );
    expect(noEmail.key).not.toBe(changed.key);
  });

  it('keeps nothing readable about the application in the fingerprint', () => {
    const print = fingerprint(application);
    expect(print).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(print).not.toContain('Tolvan');
  });
});
