import { formatAmount, minorUnits } from '../../src/shared/money';

describe('formatAmount', () => {
  it('knows ISO 4217 minor units', () => {
    expect([minorUnits('JPY'), minorUnits('KRW'), minorUnits('USD'), minorUnits('EUR'), minorUnits('BHD')]).toEqual([0, 0, 2, 2, 3]);
  });

  it.each([
    ['1000.00', 'JPY', '1000'],
    ['1000', 'JPY', '1000'],
    ['0.00', 'KRW', '0'],
    ['1000', 'USD', '1000.00'],
    ['1000.5', 'EUR', '1000.50'],
    ['123456789012345678.99', 'USD', '123456789012345678.99'],
    ['7.50', 'BHD', '7.500'],
  ])('writes %s %s as %s', (amount, currency, written) => {
    expect(formatAmount(amount, currency)).toBe(written);
  });

  it('drops only zeros, never a digit that carries a value', () => {
    expect(formatAmount('1000.50', 'JPY')).toBe('1000.5');
  });
});
