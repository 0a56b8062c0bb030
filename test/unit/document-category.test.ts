import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENT_CATEGORIES, isDocumentCategory } from '../../src/modules/evidence/document-category';
import { isLanguageCode } from '../../src/modules/evidence/language';

/** The codelist as IATI publishes it: code and English name of every item. */
function codelist(): Record<string, string> {
  const xml = fs.readFileSync(path.join(__dirname, '../../src/modules/evidence/DocumentCategory.xml'), 'utf8');
  const items = [...xml.matchAll(/<codelist-item[^>]*>([\s\S]*?)<\/codelist-item>/g)].map((match) => match[1]);
  return Object.fromEntries(
    items.map((item) => [
      /<code>(.*?)<\/code>/.exec(item)![1],
      /<name>\s*<narrative>(.*?)<\/narrative>/.exec(item)![1].replace(/&amp;/g, '&'),
    ]),
  );
}

describe("IATI's DocumentCategory codelist", () => {
  it('is what the API offers: every code, with its English name, and nothing else', () => {
    const published = codelist();
    expect(Object.keys(published)).toHaveLength(30);
    expect(DOCUMENT_CATEGORIES).toEqual(published);
  });

  it('accepts its codes only, as IATI writes them', () => {
    expect(isDocumentCategory('A08')).toBe(true);
    expect(isDocumentCategory('a08')).toBe(false);
    expect(isDocumentCategory('C01')).toBe(false);
    expect(isDocumentCategory('constructor')).toBe(false);
  });
});

describe('ISO 639-1 language codes', () => {
  it.each(['en', 'FR', 'ja', 'de'])('accepts %s', (code) => expect(isLanguageCode(code)).toBe(true));
  it.each(['zz', 'eng', 'e', '', 'en-GB', 12])('refuses %p', (code) => expect(isLanguageCode(code)).toBe(false));
});
