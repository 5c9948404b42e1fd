import { katoContains, katoOverlaps, katoPrefix } from './kato.js';

describe('KATO nesting', () => {
  it('takes the prefix up to the level a code names', () => {
    expect(katoPrefix('390000000')).toBe('39');
    expect(katoPrefix('391600000')).toBe('3916');
    expect(katoPrefix('391633000')).toBe('391633');
    expect(katoPrefix('391633100')).toBe('391633100');
  });

  it('finds containment and overlap only along one branch', () => {
    expect(katoContains('390000000', '391600000')).toBe(true);
    expect(katoContains('391600000', '391633000')).toBe(true);
    expect(katoContains('391600000', '390000000')).toBe(false);
    expect(katoOverlaps('391600000', '392000000')).toBe(false);
    expect(katoOverlaps('391633000', '390000000')).toBe(true);
  });
});
