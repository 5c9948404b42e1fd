import { axisOf, territoriesMeet } from './holders.js';
import { Holder } from './types.js';

const holder = (code: string, h: Partial<Holder>): Holder => ({
  id: code,
  code,
  kind: 'AKIMAT',
  level: 'REGIONAL',
  territoryKinds: ['OBLAST'],
  territory: null,
  collegial: false,
  parentId: null,
  ...h,
});

const ministry = holder('MIN', { kind: 'MINISTRY', level: 'CENTRAL', territoryKinds: ['REPUBLIC'] });
const otherMinistry = holder('MIN2', { kind: 'MINISTRY', level: 'CENTRAL', territoryKinds: ['REPUBLIC'] });
const oblastTypical = holder('OBL', { kind: 'AKIMAT', collegial: true });
const cityTypical = holder('CRS', { kind: 'AKIMAT', territoryKinds: ['CITY_REP'], collegial: true });
const districtTypical = holder('DIST', {
  kind: 'AKIMAT',
  level: 'DISTRICT',
  territoryKinds: ['DISTRICT', 'CITY_OBL'],
  collegial: true,
});
const oblast39 = holder('AKM-39', { territory: '390000000', collegial: true });
const oblast11 = holder('AKM-11', { territory: '110000000', collegial: true });
const akim39 = holder('AKIM-39', { kind: 'AKIM', territory: '390000000' });
const district3916 = holder('D-3916', {
  level: 'DISTRICT',
  territoryKinds: ['DISTRICT'],
  territory: '391600000',
  collegial: true,
});
const district1120 = holder('D-1120', {
  level: 'DISTRICT',
  territoryKinds: ['DISTRICT'],
  territory: '112000000',
  collegial: true,
});
const selfGov = holder('MSU', {
  kind: 'LOCAL_SELF_GOVERNMENT',
  level: 'RURAL',
  territoryKinds: ['RURAL_DISTRICT'],
  territory: '391633000',
});
const rural = holder('RUR', {
  kind: 'AKIM',
  level: 'RURAL',
  territoryKinds: ['RURAL_DISTRICT'],
  territory: '391633000',
});

describe('which holders collide', () => {
  it('never pairs bodies of one kind on different territories (territorial replication)', () => {
    expect(territoriesMeet(oblast39, oblast11)).toBe('NO');
    expect(territoriesMeet(district3916, district1120)).toBe('NO');
  });

  it('never pairs typical holders whose territory kinds do not meet', () => {
    expect(territoriesMeet(oblastTypical, cityTypical)).toBe('NO');
    expect(territoriesMeet(cityTypical, districtTypical)).toBe('NO');
  });

  it('pairs holders over nested territories and central bodies with everyone', () => {
    expect(territoriesMeet(oblast39, district3916)).toBe('YES');
    expect(territoriesMeet(oblast11, district3916)).toBe('NO');
    expect(territoriesMeet(oblastTypical, districtTypical)).toBe('YES');
    expect(territoriesMeet(oblastTypical, district1120)).toBe('YES');
    expect(territoriesMeet(ministry, district1120)).toBe('YES');
    expect(territoriesMeet(ministry, otherMinistry)).toBe('YES');
  });

  it('treats a typical holder and a specific body of its own kind as template and instance', () => {
    expect(territoriesMeet(oblastTypical, oblast39)).toBe('TEMPLATE');
    expect(territoriesMeet(cityTypical, oblast39)).toBe('NO');
  });
});

describe('axes', () => {
  it('names the delimitation along which two holders collide', () => {
    expect(axisOf(ministry, oblast39)).toBe('VERTICAL');
    expect(axisOf(oblast39, district3916)).toBe('VERTICAL');
    expect(axisOf(ministry, otherMinistry)).toBe('HORIZONTAL');
    expect(axisOf(oblast39, akim39)).toBe('COLLEGIAL_VS_HEAD');
    expect(axisOf(rural, selfGov)).toBe('STATE_VS_SELF_GOVERNMENT');
    expect(axisOf(oblast39, oblast39)).toBe('WITHIN_AGENCY');
    expect(
      axisOf(
        holder('GOV', { kind: 'GOVERNMENT', level: 'CENTRAL', territoryKinds: ['REPUBLIC'], collegial: true }),
        ministry,
      ),
    ).toBe('COLLEGIAL_VS_HEAD');
  });
});
