import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { type AuditRecordInput, prepareRecord, recordPayloadText } from './record.ts';
import { people, sampleRecord, testKeys, testPurposes } from './test-fixtures.ts';

const context = {
  subjectKey: testKeys().subject,
  purposes: testPurposes,
  now: () => new Date('2026-11-27T10:00:00Z'),
};

describe('recordPayloadText', () => {
  it('is exactly canonicalJson of the payload, for records of every shape', () => {
    const inputs: AuditRecordInput[] = [
      sampleRecord(0),
      sampleRecord(3),
      {
        ...sampleRecord(1, people.bo),
        eService: null,
        businessSystem: null,
        contract: null,
        traceId: null,
        requestId: null,
      },
      {
        actor: { kind: 'system', id: 'brygga-audit-prune' },
        subject: null,
        operation: 'audit.prune',
        purpose: 'brygga-gallring',
        outcome: { status: 'success' },
        details: { retentionClass: 'kort', records: 12, 'Ärende "x"': true, zeta: 'ö\\€', alpha: -3 },
      },
      {
        actor: { kind: 'official', id: 'handläggare-ÅÄÖ' },
        subject: { personnummer: people.cecilia },
        operation: 'läsa "ärende" \\ med citat',
        purpose: 'visa-arenden',
        dataCategories: [],
        outcome: { status: 'failure', problem: 'not_found' },
      },
    ];
    for (const [index, input] of inputs.entries()) {
      const prepared = prepareRecord(input, context);
      const text = recordPayloadText(prepared, 1000 + index);
      expect(text, `record ${index}`).toBe(canonicalJson({ ...prepared.fields, seq: 1000 + index }));
      expect(JSON.parse(text).seq).toBe(1000 + index);
    }
  });
});

describe('prepareRecord', () => {
  it('copies the purpose and legal basis from the configuration and pseudonymises the subject', () => {
    const { fields } = prepareRecord(sampleRecord(0), context);
    expect(fields.purpose).toEqual({
      id: 'handlagga-bygglov',
      legalBasis: '6(1)(e)',
      reference: 'Plan- och bygglagen (2010:900)',
    });
    expect(fields.dataCategories).toEqual(['personnummer', 'namn']);
    expect(fields.subject?.keyId).toBe('audit-1');
    expect(fields.subject?.ref).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fields.time).toBe('2026-11-27T10:00:00.000Z');
    // Every written form of one number gives one reference.
    for (const form of ['198507099805', '8507099805', '850709-9805']) {
      expect(
        prepareRecord({ ...sampleRecord(0), subject: { personnummer: form } }, context).fields.subject,
      ).toEqual(fields.subject);
    }
  });

  it('refuses fields that could carry a personnummer, control characters or lone surrogates', () => {
    const bad: Array<Partial<AuditRecordInput>> = [
      { requestId: 'req-8507099805' },
      { eService: 'a\nb' },
      { operation: 'x\ud800' },
      { details: { who: '850709-9805' } },
      { details: { n: 198507099805 } },
      { details: { nested: {} as never } },
      { dataCategories: [''] },
      { outcome: { status: 'failure', problem: '' } },
      { actor: { kind: 'admin' } as never },
      { time: new Date('nonsense') },
    ];
    for (const change of bad) {
      const record = { ...sampleRecord(0), ...change } as AuditRecordInput;
      expect(() => prepareRecord(record, context), JSON.stringify(change)).toThrow();
    }
  });
});
