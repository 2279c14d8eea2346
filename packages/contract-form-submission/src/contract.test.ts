import { personalDataPaths, translateRequest } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { formSubmission } from './contract.ts';
import { examples, headExamples } from './examples.ts';

const example = headExamples.submitForm.request.body;
if (example === undefined) throw new Error('the example has no body');
const body = example;

function validate(candidate: unknown) {
  return translateRequest(formSubmission, '2026-12-01', 'submitForm', { body: candidate });
}

describe('form-submission', () => {
  it('has one stable version with one operation, POST /submissions, that needs no login', () => {
    expect(formSubmission.versionIds).toEqual(['2026-12-01']);
    expect(formSubmission.head.stability).toBe('stable');
    const found = formSubmission.match('2026-12-01', 'POST', '/submissions');
    expect(found?.kind === 'found' && found.operation.id).toBe('submitForm');
    expect(formSubmission.operation('2026-12-01', 'submitForm')?.actsForCitizen).toBe(false);
  });

  it('marks what the person wrote as personal data, and the form’s own labels not', () => {
    const operation = formSubmission.operation('2026-12-01', 'submitForm');
    expect(operation?.request.body && personalDataPaths(operation.request.body)).toEqual([
      '$.subject',
      '$.fields[*].value',
      '$.replyTo',
    ]);
    expect(operation && personalDataPaths(operation.response.body)).toEqual([]);
  });

  it('accepts its example, whose response fits the response schema', () => {
    expect(validate(body).ok).toBe(true);
    const example = examples['2026-12-01']?.submitForm;
    const operation = formSubmission.operation('2026-12-01', 'submitForm');
    expect(example?.response.status).toBe(operation?.response.status);
    expect(operation?.response.body.safeParse(example?.response.body).success).toBe(true);
  });

  it.each([
    ['no fields', { ...body, fields: [] }, '/fields'],
    [
      '101 fields',
      { ...body, fields: Array.from({ length: 101 }, () => ({ label: 'A', value: '' })) },
      '/fields',
    ],
    [
      'a value over 10,000 characters',
      { ...body, fields: [{ label: 'A', value: 'x'.repeat(10_001) }] },
      '/fields/0/value',
    ],
    [
      'a label over 200 characters',
      { ...body, fields: [{ label: 'x'.repeat(201), value: '' }] },
      '/fields/0/label',
    ],
    ['a subject over 200 characters', { ...body, subject: 'x'.repeat(201) }, '/subject'],
    ['a subject on two lines', { ...body, subject: 'Fråga\r\nBcc: någon@example.se' }, '/subject'],
    ['an empty subject', { ...body, subject: '  ' }, '/subject'],
    ['another language', { ...body, language: 'de' }, '/language'],
    ['a form id with capitals', { ...body, form: 'Kontakt' }, '/form'],
    ['a reply address that is none', { ...body, replyTo: 'tolvan' }, '/replyTo'],
    ['an unknown field', { ...body, cc: 'someone@example.se' }, '/cc'],
  ])('refuses %s', (_what, candidate, path) => {
    const result = validate(candidate);
    expect(result.ok).toBe(false);
    const issues = 'issues' in result ? result.issues : [];
    expect(issues.map((issue) => issue.path.join('/'))).toContainEqual(`body${path}`);
  });

  it('takes an empty answer and leaves out the reply address', () => {
    const { replyTo: _, ...withoutReply } = body;
    expect(validate({ ...withoutReply, fields: [{ label: 'Övrigt', value: '' }] }).ok).toBe(true);
  });
});
