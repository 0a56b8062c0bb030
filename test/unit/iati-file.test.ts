import { IatiActivity } from '../../src/modules/iati/iati.model';
import { IatiFileRefusedError, readIatiFile } from '../../src/modules/iati/iati-file';
import { schemaProblems } from '../../src/modules/iati/iati-schema';
import { ACTIVITIES_FOOTER, ACTIVITIES_HEADER, activitiesXml, activityXml, escapeText } from '../../src/modules/iati/iati-xml-writer';
import { iatiExample, iatiExamples, withRealCodes } from '../helpers/iati';

/** What reading a file refused, or a failure when it was not refused. */
async function refusal(xml: string): Promise<IatiFileRefusedError> {
  try {
    await readIatiFile(Buffer.from(xml));
  } catch (error) {
    if (error instanceof IatiFileRefusedError) return error;
    throw error;
  }
  throw new Error('the file was not refused');
}

/** The model without the lines it was read from, which differ between a file and its rewrite. */
const withoutLines = (activities: IatiActivity[]): unknown =>
  JSON.parse(JSON.stringify(activities, (key, value) => (key === 'line' ? undefined : value)));

describe("IATI's own example files", () => {
  it.each(iatiExamples())('%s is valid against the IATI 2.03 schema', async (name) => {
    expect(await schemaProblems(Buffer.from(iatiExample(name)))).toEqual([]);
  });

  it.each(iatiExamples())('%s: each placeholder code is refused, naming the code and its line', async (name) => {
    const xml = iatiExample(name);
    const lines = xml.split('\n');
    const { problems, extensions } = await refusal(xml);
    expect(extensions.code).toBe('INVALID_IATI_FILE');
    const coded = problems.filter((problem) => problem.code !== undefined);
    expect(coded.length).toBeGreaterThan(0);
    for (const problem of coded) {
      expect(['xx', 'X', 'output', 'Unit', 'NDP']).toContain(problem.code);
      expect(problem.reason).toContain(`"${problem.code}" is not a code of IATI's`);
      // The line named is the line the code is on.
      expect(lines[problem.line - 1]).toContain(`="${problem.code}"`);
    }
    const identifierLine = lines.findIndex((line) => line.includes('<iati-identifier>')) + 1;
    expect(problems).toContainEqual({ line: identifierLine, reason: 'iati-identifier is empty' });
    expect(coded.map((problem) => problem.code)).toContain('xx');
  });

  it.each(iatiExamples())('%s with real codes is read, and written back to the same model and valid XML', async (name) => {
    const activities = await readIatiFile(Buffer.from(withRealCodes(name)));
    expect(activities).toHaveLength(1);
    const rewritten = activitiesXml(activities);
    expect(await schemaProblems(Buffer.from(rewritten))).toEqual([]);
    const reread = await readIatiFile(Buffer.from(rewritten));
    expect(withoutLines(reread)).toEqual(withoutLines(activities));
    expect(activitiesXml(reread)).toBe(rewritten);
  });

  it('keeps what the transaction example says of its transactions', async () => {
    const [activity] = await readIatiFile(Buffer.from(withRealCodes('21-transaction.xml')));
    expect(activity.transactions).toHaveLength(6);
    expect(activity.transactions[1]).toMatchObject({
      ref: 'XM-EXAMPLE-ORG',
      type: '3',
      date: '2010-07-07',
      value: { amount: '100.00', currency: 'EUR', valueDate: '2010-07-07' },
      description: [
        { text: 'X', lang: 'en' },
        { text: 'X', lang: 'fr' },
      ],
      provider: { ref: 'XM-EXAMPLE-ORG', narratives: [{ text: 'X' }] },
    });
    expect(activity.recipientCountries).toEqual([]);
  });
});

describe('IATI XML writer', () => {
  it('escapes markup and keeps what XML cannot carry out of the file', async () => {
    const [activity] = await readIatiFile(Buffer.from(withRealCodes('19-budget.xml')));
    const title = 'Tom & Jerry <"quoted"> \u0001 line\r\nnext';
    const xml = ACTIVITIES_HEADER + activityXml({ ...activity, title: [{ text: title, lang: 'fr' }] }) + ACTIVITIES_FOOTER;
    expect(xml).toContain(`<title><narrative xml:lang="fr">${escapeText(title)}</narrative></title>`);
    expect(escapeText(title)).toBe('Tom &amp; Jerry &lt;"quoted"&gt; \uFFFD line&#13;\nnext');
    const [reread] = await readIatiFile(Buffer.from(xml));
    expect(reread.title).toEqual([{ text: 'Tom & Jerry <"quoted"> \uFFFD line\r\nnext', lang: 'fr' }]);
  });
});
