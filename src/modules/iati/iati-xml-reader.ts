import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, SaxesTagPlain } from 'saxes';

/** An element of an activity, with the line its start tag is on. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

/** The root's attributes, and each `iati-activity` as a small tree once its end tag is read. */
export type XmlItem = { kind: 'root'; element: XmlElement } | { kind: 'activity'; element: XmlElement };

/** A file that is not well-formed XML, or has a DOCTYPE (entities are an attack surface, and IATI files have none). */
export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

const ACTIVITIES = 'iati-activities';
const ACTIVITY = 'iati-activity';

/**
 * Reads an IATI activity file chunk by chunk with saxes: only the activity being read is held as
 * a tree, so memory follows the largest activity, not the file. Elements outside
 * `iati-activity` other than the root are skipped.
 */
export async function* readIatiXml(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<XmlItem> {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const ready: XmlItem[] = [];
  const stack: XmlElement[] = [];
  let startLine = 1;
  parser.on('error', (error) => {
    throw new XmlSyntaxError(parser.line, error.message.replace(/^\d+:\d+: /, ''));
  });
  parser.on('doctype', () => {
    throw new XmlSyntaxError(parser.line, 'A DOCTYPE is not allowed in an IATI file');
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const element: XmlElement = { name: tag.name, attributes: { ...tag.attributes }, children: [], text: '', line: startLine };
    if (stack.length === 0 && tag.name === ACTIVITIES) ready.push({ kind: 'root', element });
    if (stack.length > 0 || tag.name === ACTIVITY) stack.at(-1)?.children.push(element);
    if (stack.length > 0 || tag.name === ACTIVITY) stack.push(element);
  });
  const onText = (text: string) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const closed = stack.pop();
    if (closed && stack.length === 0) ready.push({ kind: 'activity', element: closed });
  });
  // A UTF-8 character split across two chunks must not become two replacement characters.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    yield* ready.splice(0);
  }
  parser.write(decoder.end());
  parser.close();
  yield* ready.splice(0);
}

/** The children of an element with this name. */
export const childrenNamed = (element: XmlElement, name: string): XmlElement[] => element.children.filter((child) => child.name === name);

/** The first child with this name, if any. */
export const childNamed = (element: XmlElement, name: string): XmlElement | undefined =>
  element.children.find((child) => child.name === name);
