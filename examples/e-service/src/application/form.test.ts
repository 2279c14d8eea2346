import { translateRequest } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { defaultContractVersion } from '../server.ts';
import { emptyForm, type FormValues, fieldOfPointer, formValues, validateApplication } from './form.ts';

const valid: FormValues = {
  applicationType: 'bygglov',
  title: 'Nybyggnad av garage',
  description: 'Fristående garage om 30 kvadratmeter.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  givenName: 'Tolvan',
  familyName: 'Tolvansson',
  email: 'tolvan@example.se',
  phone: '070-123 45 67',
};

function problemsOf(values: Partial<FormValues>) {
  const result = validateApplication({ ...valid, ...values });
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('validateApplication', () => {
  it('builds the application the contract takes, with no personnummer anywhere', () => {
    const result = validateApplication(valid);
    expect(result).toEqual({
      ok: true,
      application: {
        applicationType: 'bygglov',
        title: 'Nybyggnad av garage',
        description: 'Fristående garage om 30 kvadratmeter.',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
        applicant: {
          givenName: 'Tolvan',
          familyName: 'Tolvansson',
          email: 'tolvan@example.se',
          phone: '070-123 45 67',
        },
      },
    });
  });

  it('tidies what people type: spaces, empty optional fields, the case of a property designation', () => {
    const result = validateApplication({
      ...valid,
      title: '  Nybyggnad   av garage ',
      description: '\nFörsta stycket.\n\nAndra stycket.\n',
      propertyDesignation: ' uppsala  kåbo 5:12 ',
      givenName: '',
      familyName: ' Tolvansson ',
      email: '   ',
      phone: '',
    });
    expect(result.ok && result.application).toEqual({
      applicationType: 'bygglov',
      title: 'Nybyggnad av garage',
      description: 'Första stycket.\n\nAndra stycket.',
      propertyDesignation: 'UPPSALA KÅBO 5:12',
      applicant: { givenName: '', familyName: 'Tolvansson' },
    });
  });

  it('names every wrong field once, in the order of the form, in Swedish and English', () => {
    const problems = validateApplication(emptyForm);
    expect(problems.ok).toBe(false);
    if (problems.ok) return;
    expect(problems.problems.map((problem) => problem.field)).toEqual([
      'applicationType',
      'title',
      'description',
      'propertyDesignation',
      'familyName',
    ]);
    for (const { message } of problems.problems) {
      expect(message.sv).toMatch(/^[A-ZÅÄÖ].+\.$/);
      expect(message.en).toMatch(/^[A-Z].+\.$/);
      expect(message.sv).not.toBe(message.en);
    }
  });

  it.each<[Partial<FormValues>, string, RegExp]>([
    [{ applicationType: 'bygglovv' }, 'applicationType', /Välj vad du vill ansöka om/],
    [{ title: 'x'.repeat(201) }, 'title', /högst 200 tecken/],
    [{ description: 'x'.repeat(5001) }, 'description', /högst 5 000 tecken/],
    [{ propertyDesignation: 'Kåbo 5' }, 'propertyDesignation', /UPPSALA KÅBO 5:12/],
    [{ propertyDesignation: '5:12' }, 'propertyDesignation', /lagfarten/],
    [{ familyName: '   ' }, 'familyName', /Skriv ditt efternamn/],
    [{ email: 'tolvan.example.se' }, 'email', /namn@exempel\.se/],
    [{ phone: 'ring mig' }, 'phone', /siffror/],
  ])('refuses %j with a message for %s', (values, field, message) => {
    const problems = problemsOf(values);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe(field);
    expect(problems[0]?.message.sv).toMatch(message);
  });

  it('never repeats what was typed in a message', () => {
    const typed = {
      email: 'hemlig-adress.example.se',
      phone: 'nummer 0701234567x',
      propertyDesignation: 'HEMLIG',
    };
    const text = JSON.stringify(problemsOf(typed));
    for (const value of Object.values(typed)) expect(text).not.toContain(value);
  });

  it('makes only applications the contract version it is built for accepts', () => {
    const variants: Partial<FormValues>[] = [
      {},
      { applicationType: 'marklov', givenName: '', email: '', phone: '' },
      {
        applicationType: 'rivningslov',
        propertyDesignation: 'stockholm norrmalm 1:1',
        phone: '+46 70 123 45 67',
      },
      { title: 'x'.repeat(200), description: 'y'.repeat(5000), familyName: 'z'.repeat(200) },
    ];
    for (const variant of variants) {
      const result = validateApplication({ ...valid, ...variant });
      if (!result.ok) throw new Error(`refused ${JSON.stringify(variant)}`);
      const checked = translateRequest(caseManagement, defaultContractVersion, 'createCase', {
        body: result.application,
      });
      expect(checked.ok, JSON.stringify(variant)).toBe(true);
    }
  });
});

describe('formValues', () => {
  it('takes the known fields as strings and ignores everything else', () => {
    const values = formValues({
      title: 'T',
      csrf: 'x',
      personalIdentityNumber: '191212121212',
      phone: ['a'],
    });
    expect(values).toEqual({ ...emptyForm, title: 'T' });
  });
});

describe('fieldOfPointer', () => {
  it('maps the gateway’s JSON Pointers to form fields', () => {
    expect(fieldOfPointer('/body/title')).toBe('title');
    expect(fieldOfPointer('/body/applicant/email')).toBe('email');
    expect(fieldOfPointer('/body/applicant')).toBeUndefined();
    expect(fieldOfPointer('/query/limit')).toBeUndefined();
    expect(fieldOfPointer('/body/applicant/personalIdentityNumber')).toBeUndefined();
  });
});
