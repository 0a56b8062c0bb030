import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  text: string;
}

/** Every .ts/.mjs/.js file under `folder` (relative to the repository root), read as text. */
export function sourceFiles(folder: string): SourceFile[] {
  const base = path.join(ROOT, folder);
  return (fs.readdirSync(base, { recursive: true }) as string[])
    .filter((name) => /\.(ts|mjs|js)$/.test(name))
    .map((name) => ({
      file: path.posix.join(folder, name.split(path.sep).join('/')),
      text: fs.readFileSync(path.join(base, name), 'utf8'),
    }));
}

/** The module specifiers a file imports or requires (static, dynamic, type-only). */
export function importsOf(text: string): string[] {
  const pattern = /(?:\bfrom\s+|\bimport\s+|\bimport\(\s*|\brequire\(\s*)['"]([^'"]+)['"]/g;
  return [...text.matchAll(pattern)].map((match) => match[1]);
}
