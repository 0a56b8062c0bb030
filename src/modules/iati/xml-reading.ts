import { CodelistName, inCodelist } from './iati.codelists';
import { IatiNarrative, IatiProblem } from './iati.model';
import { childNamed, XmlElement } from './iati-xml-reader';

/** More problems than this are not listed: a file this wrong needs fixing at its source anyway. */
export const MAX_PROBLEMS = 200;

const XSD_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * What reading one file found wrong, and the checks that find it. Every coded attribute kept
 * goes through `code`, so no code is kept unchecked.
 */
export class Reading {
  readonly problems: IatiProblem[] = [];
  truncated = false;

  refuse(line: number, reason: string, code?: string): void {
    if (this.problems.length >= MAX_PROBLEMS) {
      this.truncated = true;
      return;
    }
    this.problems.push(code === undefined ? { line, reason } : { line, reason, code });
  }

  /** An attribute whose value must be a code of `codelist`; refused (naming the code) when it is not. */
  code(element: XmlElement, attribute: string, codelist: CodelistName): string | undefined {
    const code = element.attributes[attribute]?.trim();
    if (code === undefined) return undefined;
    if (!inCodelist(codelist, code))
      this.refuse(element.line, `${element.name}/@${attribute}: "${code}" is not a code of IATI's ${codelist} codelist`, code);
    return code;
  }

  /** A code the element must have. */
  requiredCode(element: XmlElement, attribute: string, codelist: CodelistName): string {
    const code = this.code(element, attribute, codelist);
    if (code === undefined) this.refuse(element.line, `${element.name} has no @${attribute}`);
    return code ?? '';
  }

  /**
   * An xsd:date attribute. The schema has checked its form already; this refuses what a
   * database date cannot hold (a time zone, a year outside 1000-9999) and dates that do not exist.
   */
  date(element: XmlElement | undefined, attribute: string, owner: string): string {
    const value = element?.attributes[attribute]?.trim();
    const line = element?.line ?? 0;
    if (value === undefined) {
      this.refuse(line, `${owner} has no ${attribute}`);
      return '';
    }
    const match = XSD_DATE.exec(value);
    const parsed = match ? new Date(`${value}T00:00:00Z`) : undefined;
    if (!parsed || Number(match![1]) < 1000 || parsed.toISOString().slice(0, 10) !== value)
      this.refuse(line, `${owner}: "${value}" is not a date of the form YYYY-MM-DD without a time zone`);
    return value;
  }

  /** The narratives of an element (title, description, comment, an organisation), trimmed; empty ones are dropped. */
  narratives(element: XmlElement | undefined): IatiNarrative[] {
    if (!element) return [];
    const narratives: IatiNarrative[] = [];
    for (const child of element.children) {
      if (child.name !== 'narrative') continue;
      const text = child.text.trim();
      const lang = this.code(child, 'xml:lang', 'Language');
      if (text) narratives.push(lang === undefined ? { text } : { text, lang });
    }
    return narratives;
  }

  /** The narratives of the named child. */
  childNarratives(element: XmlElement, name: string): IatiNarrative[] {
    return this.narratives(childNamed(element, name));
  }

  /** A list that a project cannot hold more of is refused at its first extra element. */
  bounded<T>(elements: XmlElement[], max: number, read: (element: XmlElement) => T): T[] {
    if (elements.length > max)
      this.refuse(elements[max].line, `at most ${max} ${elements[max].name} elements are kept per parent, this one is number ${max + 1}`);
    return elements.slice(0, max).map(read);
  }

  /** Start and end of a period, the end not before the start. */
  period(element: XmlElement, owner: string): { periodStart: string; periodEnd: string } {
    const periodStart = this.date(childNamed(element, 'period-start'), 'iso-date', `${owner}/period-start`);
    const periodEnd = this.date(childNamed(element, 'period-end'), 'iso-date', `${owner}/period-end`);
    if (periodStart && periodEnd && periodEnd < periodStart)
      this.refuse(
        childNamed(element, 'period-end')?.line ?? element.line,
        `${owner}: period-end ${periodEnd} is before period-start ${periodStart}`,
      );
    return { periodStart, periodEnd };
  }
}

/**
 * A decimal in canonical form (no exponent, sign or leading zeros beyond need, `minScale` to
 * `maxScale` decimals), or why not: the same amount always reads and writes the same way.
 */
export function canonicalDecimal(raw: string, maxScale: number, minScale = 0): { value: string } | { error: string } {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(raw.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return { error: `"${raw.trim()}" is not a number` };
  const [, sign, whole, fraction = ''] = match;
  const trimmedFraction = fraction.replace(/0+$/, '');
  if (trimmedFraction.length > maxScale) return { error: `"${raw.trim()}" has more than ${maxScale} decimals` };
  const integer = whole.replace(/^0+(?=\d)/, '') || '0';
  const digits = trimmedFraction.padEnd(minScale, '0');
  const negative = sign === '-' && /[1-9]/.test(integer + digits);
  return { value: `${negative ? '-' : ''}${integer}${digits ? `.${digits}` : ''}` };
}
