import fs from 'node:fs';
import path from 'node:path';

/** IATI's own schema-test files (IATI-Schemas), copied unchanged into the fixtures. */
export const IATI_EXAMPLES_DIR = path.join(__dirname, '..', 'fixtures', 'iati', 'examples');

export const iatiExamples = (): string[] => fs.readdirSync(IATI_EXAMPLES_DIR).filter((name) => name.endsWith('.xml'));

export const iatiExample = (name: string): string => fs.readFileSync(path.join(IATI_EXAMPLES_DIR, name), 'utf8');

/**
 * The attribute placeholders of the examples (`xx`, `X`, `output`, `Unit`, `NDP`) and the real
 * codes a test copy uses instead, per element and attribute.
 */
const REAL_CODES: ReadonlyArray<[RegExp, string]> = [
  [/<reporting-org type="xx" ref="xx">/g, '<reporting-org type="10" ref="XM-DAC-EXAMPLE">'],
  [/(<participating-org[^>]*?) role="(xx|X)"/g, '$1 role="1"'],
  [/(<participating-org[^>]*?) type="X"/g, '$1 type="70"'],
  [/ ref="X"/g, ' ref="XM-EXAMPLE-ORG"'],
  [/<activity-status code="xx"\/>/g, '<activity-status code="2"/>'],
  [/<activity-date type="xx"/g, '<activity-date type="2"'],
  [/<transaction-type code="X" \/>/g, '<transaction-type code="3" />'],
  [/<recipient-country code="xx" \/>/g, '<recipient-country code="CD" />'],
  [/<budget type="X"/g, '<budget type="1"'],
  [/<result type="output"/g, '<result type="1"'],
  [/measure="Unit"/g, 'measure="1"'],
  [/measure="NDP"/g, 'measure="3"'],
];

/**
 * A test copy of an example with real codes. Two more placeholders are not codes but stand in
 * for data: the empty `iati-identifier` gets one made from the file's name, and the indicator
 * values `N=42;P=57` (a count and a percentage in one string, not a number) keep their count.
 * The transaction example has a value with no currency and no default-currency: the copy
 * gives the activity EUR, the currency of its other values.
 */
export function withRealCodes(name: string, xml = iatiExample(name)): string {
  let copy = xml.replace('<iati-activities version="xx">', '<iati-activities version="2.03">');
  for (const [pattern, code] of REAL_CODES) copy = copy.replace(pattern, code);
  return copy
    .replace('<iati-identifier></iati-identifier>', `<iati-identifier>XM-DAC-EXAMPLE-${path.basename(name, '.xml')}</iati-identifier>`)
    .replace(/value="N=(\d+);P=\d+"/g, 'value="$1"')
    .replace('<iati-activity>', '<iati-activity default-currency="EUR">');
}
