import type { BryggaConfig } from '../config/index.ts';

/** An ISO 8601 duration (PnYnMnWnDTnHnMnS), as retention classes write them. */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const durationPattern =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Whole units only, except seconds. Throws RangeError for anything else (an empty `P` included). Pure. */
export function parseIsoDuration(text: string): IsoDuration {
  const match = durationPattern.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) throw new RangeError('not an ISO 8601 duration');
  const part = (index: number) => Number(match[index] ?? 0);
  return {
    years: part(1),
    months: part(2),
    weeks: part(3),
    days: part(4),
    hours: part(5),
    minutes: part(6),
    seconds: part(7),
  };
}

/**
 * `date` minus the duration, in UTC calendar terms: years and months first, landing on the last day of a
 * shorter month (31 March minus one month is 28 or 29 February, not 3 March), then the fixed units. Pure.
 */
export function subtractDuration(date: Date, duration: IsoDuration): Date {
  const totalMonths = date.getUTCFullYear() * 12 + date.getUTCMonth() - duration.years * 12 - duration.months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
  const fixedMs =
    ((duration.weeks * 7 + duration.days) * 86_400 + duration.hours * 3600 + duration.minutes * 60) * 1000 +
    duration.seconds * 1000;
  return new Date(shifted - fixedMs);
}

/** What one retention class removes: records of these purposes made before `before`. */
export interface RetentionRule {
  readonly retentionClass: string;
  readonly purposeIds: readonly string[];
  /** ISO 8601 time; records older than this are pruned. */
  readonly before: string;
}

/** The rules in force at `now`, one per retention class that some purpose uses. Pure. */
export function retentionRules(
  config: Pick<BryggaConfig, 'purposes' | 'retentionClasses'>,
  now: Date,
): RetentionRule[] {
  return config.retentionClasses.flatMap((retentionClass) => {
    const purposeIds = config.purposes
      .filter((purpose) => purpose.retentionClass === retentionClass.id)
      .map((purpose) => purpose.id);
    if (purposeIds.length === 0) return [];
    const before = subtractDuration(now, parseIsoDuration(retentionClass.duration)).toISOString();
    return [{ retentionClass: retentionClass.id, purposeIds, before }];
  });
}
