import { decimal, hundredths, SavingLine, StaffLine, totalsOf } from './savings.service.js';

const line = (holderId: string, year: number, freedPlanned: string, freedActual: string | null): SavingLine => ({
  findingId: 'f',
  functionId: 'x',
  holderId,
  linkId: 'l',
  programmeId: 'p',
  year,
  linkShare: '0.1',
  programmePlanned: '0',
  programmeActual: null,
  savingsShare: '1',
  freedPlanned,
  freedActual,
});

describe('savings totals', () => {
  it('reads and writes amounts in hundredths exactly', () => {
    expect(hundredths('123.45')).toBe(12345n);
    expect(hundredths('7')).toBe(700n);
    expect(hundredths('0.5')).toBe(50n);
    expect(hundredths('-1.05')).toBe(-105n);
    expect(decimal(12345n)).toBe('123.45');
    expect(decimal(5n)).toBe('0.05');
    expect(decimal(-105n)).toBe('-1.05');
  });

  it('sums lines per year and holder without floating-point loss', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; a total of tenge must not drift.
    const lines = [
      line('A', 2026, '0.10', '0.10'),
      line('A', 2026, '0.20', null),
      line('B', 2026, '999999999999.99', '1.00'),
      line('A', 2027, '5.00', '4.00'),
    ];
    const staff: StaffLine[] = [
      {
        findingId: 'f',
        functionId: 'x',
        holderId: 'A',
        year: 2026,
        staffUnits: '1.5',
        savingsShare: '1',
        freedStaff: '1.50',
      },
    ];
    expect(totalsOf(lines, staff)).toEqual([
      { year: 2026, holderId: 'A', freedPlanned: '0.30', freedActual: '0.10', freedStaff: '1.50' },
      { year: 2026, holderId: 'B', freedPlanned: '999999999999.99', freedActual: '1.00', freedStaff: '0.00' },
      { year: 2027, holderId: 'A', freedPlanned: '5.00', freedActual: '4.00', freedStaff: '0.00' },
    ]);
    // No actual figure behind a total: unknown, not zero.
    expect(totalsOf([line('C', 2028, '7.00', null)], [])).toEqual([
      { year: 2028, holderId: 'C', freedPlanned: '7.00', freedActual: null, freedStaff: '0.00' },
    ]);
  });
});
