import pg, { type CustomTypesConfig } from 'pg';
import { integerFromBigInt } from './values.ts';

/**
 * How `pg` turns PostgreSQL's text output into JS values, chosen so rows match the SQLite backend
 * (the rules are listed on `Row` in types.ts). Scoped to our pool: `pg.types.setTypeParser` would change
 * every other `pg` user in the process.
 */
const asText = (value: string): string => value;

function parseInt8(value: string): number | bigint {
  // Up to 15 digits always fits in a double exactly; only longer values need the BigInt detour.
  return value.length <= 15 ? Number(value) : integerFromBigInt(BigInt(value));
}

function parseBytea(value: string): Uint8Array {
  if (value.startsWith('\\x')) {
    const bytes = new Uint8Array((value.length - 2) / 2);
    Buffer.from(bytes.buffer).write(value.slice(2), 'hex');
    return bytes;
  }
  // bytea_output = escape (an old server setting): let pg decode it, then copy out of the Buffer.
  return new Uint8Array(pg.types.getTypeParser(17, 'text')(value) as Buffer);
}

const parsers = new Map<number, (value: string) => unknown>([
  [16, (value) => (value === 't' ? 1 : 0)], // boolean
  [17, parseBytea], // bytea
  [20, parseInt8], // bigint
  [21, Number], // smallint
  [23, Number], // integer
  [26, Number], // oid
  [700, Number], // real ('NaN' and 'Infinity' parse too)
  [701, Number], // double precision
]);

export const postgresTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number) => parsers.get(oid) ?? asText) as CustomTypesConfig['getTypeParser'],
};
