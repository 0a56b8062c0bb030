import { AppError, ErrorCode } from '../../shared/errors';
import { activityFrom } from './activity-from-xml';
import { IatiActivity, IatiProblem } from './iati.model';
import { schemaProblems } from './iati-schema';
import { readIatiXml, XmlSyntaxError } from './iati-xml-reader';
import { Reading } from './xml-reading';

/** An activity file refused as a whole: each problem names its line and reason (and the code a codelist refused). */
export class IatiFileRefusedError extends AppError {
  constructor(
    readonly problems: IatiProblem[],
    truncated = false,
  ) {
    const more = truncated ? ' (only the first ones are listed)' : '';
    super(
      ErrorCode.INVALID_IATI_FILE,
      `The IATI file is refused and nothing was written: ${problems.length} problem${problems.length === 1 ? '' : 's'}${more}, the first on line ${problems[0]?.line}: ${problems[0]?.reason}`,
      { problems, truncated },
    );
  }
}

/** Read in 64 KiB pieces, as a stream would deliver them. */
function* chunksOf(xml: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < xml.length; offset += 65_536) yield xml.subarray(offset, offset + 65_536);
}

async function activitiesIn(xml: Buffer, reading: Reading): Promise<IatiActivity[]> {
  const activities: IatiActivity[] = [];
  const seen = new Map<string, number>();
  try {
    for await (const item of readIatiXml(chunksOf(xml))) {
      if (item.kind !== 'activity') continue;
      const activity = activityFrom(reading, item.element);
      const first = seen.get(activity.identifier);
      if (activity.identifier && first !== undefined)
        reading.refuse(
          activity.line,
          `iati-identifier "${activity.identifier}" is already the identifier of the activity on line ${first}`,
        );
      seen.set(activity.identifier, activity.line);
      activities.push(activity);
    }
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    reading.refuse(error.line, error.message);
  }
  return activities;
}

/**
 * Reads an IATI 2.03 activity file into what this service keeps of it. The file is checked
 * against the schema first (libxml2), then read: every kept code against its codelist, and the
 * rules the schema cannot say (dates that exist, periods that run forward, one activity per
 * identifier, amounts this service can hold). Anything wrong refuses the whole file, listing
 * each problem with its line.
 */
export async function readIatiFile(xml: Buffer): Promise<IatiActivity[]> {
  const invalid = await schemaProblems(xml);
  if (invalid.length > 0) throw new IatiFileRefusedError(invalid);
  const reading = new Reading();
  const activities = await activitiesIn(xml, reading);
  if (reading.problems.length > 0) throw new IatiFileRefusedError(reading.problems, reading.truncated);
  return activities;
}
