import { registerDecorator, ValidationOptions } from 'class-validator';

const NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** Whether a code is an ISO 639-1 language code (two letters, any case) that the runtime's Unicode CLDR data names. */
export function isLanguageCode(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Za-z]{2}$/.test(code)) return false;
  const lower = code.toLowerCase();
  return NAMES.of(lower) !== lower;
}

/** class-validator rule: an ISO 639-1 language code. */
export function IsLanguageCode(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLanguageCode',
      target: target.constructor,
      propertyName,
      options: { message: '$property must be an ISO 639-1 language code such as en, fr or ja', ...options },
      validator: { validate: isLanguageCode },
    });
}
