import { applicationTypes, defaultApplicationType } from '@brygga/contract-case-management';

export type ApplicationType = (typeof applicationTypes)[number];

/**
 * The business system has no application type, so it travels as the description's first line, where a case
 * officer reads it too: "Typ av ansökan: rivningslov", a blank line, then the citizen's description.
 * The title was the other candidate, but it has no room to spare (200 characters at head and in the business
 * system), while the description has 5,000 at head and 10,000 there. The line also keeps the description
 * from being empty, which the head allows and the business system refuses.
 */
const label = 'Typ av ansökan: ';
const stored = new RegExp(`^${label}(${applicationTypes.join('|')})(?:\\n\\n([\\s\\S]*))?$`);

/** The description as the business system stores it. Pure. */
export function describeApplication(applicationType: ApplicationType, description: string): string {
  const line = `${label}${applicationType}`;
  return description === '' ? line : `${line}\n\n${description}`;
}

/**
 * The reverse of {@link describeApplication}. A description without the line (a case filed before this adapter
 * or through another channel) is a building permit, the only kind such cases could be, and stays as it is.
 */
export function readApplication(description: string): {
  applicationType: ApplicationType;
  description: string;
} {
  const match = stored.exec(description);
  if (match === null) return { applicationType: defaultApplicationType, description };
  return { applicationType: match[1] as ApplicationType, description: match[2] ?? '' };
}
