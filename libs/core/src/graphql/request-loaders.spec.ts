import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  LoadersFactory,
  ProvidesLoaders,
  RequestLoaders,
  RequestLoadersFactory,
  RequestLoadersModule,
} from './request-loaders.js';

// The keys are the libraries' own (declaration merging); the spec uses two of them with plain values.
type Key = keyof RequestLoaders;
const FIRST = 'registry' as Key;
const SECOND = 'budget' as Key;

let built = 0;

@Injectable()
@ProvidesLoaders(FIRST)
class FirstLoaders implements LoadersFactory<Key> {
  createLoaders() {
    built++;
    return { made: built } as unknown as RequestLoaders[Key];
  }
}

@Injectable()
@ProvidesLoaders(SECOND)
class SecondLoaders implements LoadersFactory<Key> {
  createLoaders(all: RequestLoaders) {
    // Reads the other entry when used, not while being built.
    return {
      first: () => (all as unknown as Record<string, { made: number }>)[FIRST].made,
    } as unknown as RequestLoaders[Key];
  }
}

@Injectable()
@ProvidesLoaders(FIRST)
class OtherFirstLoaders extends FirstLoaders {}

@Module({ providers: [FirstLoaders] })
class FirstModule {}

@Module({ providers: [SecondLoaders] })
class SecondModule {}

async function factoryOf(...modules: (new () => object)[]): Promise<RequestLoadersFactory> {
  const ref = await Test.createTestingModule({ imports: [RequestLoadersModule, ...modules] }).compile();
  await ref.init();
  return ref.get(RequestLoadersFactory);
}

describe('RequestLoadersFactory', () => {
  it('builds every marked provider’s entry, anew for each request', async () => {
    const factory = await factoryOf(FirstModule, SecondModule);
    const one = factory.create() as unknown as Record<string, { made?: number; first?: () => number }>;
    const two = factory.create() as unknown as Record<string, { made?: number; first?: () => number }>;
    expect(Object.keys(one).sort()).toEqual([SECOND, FIRST].sort());
    expect(one[FIRST]).not.toBe(two[FIRST]);
    expect(one[SECOND].first!()).toBe(one[FIRST].made);
    expect(two[SECOND].first!()).toBe(two[FIRST].made);
  });

  it('refuses two providers for one entry', async () => {
    @Module({ providers: [OtherFirstLoaders] })
    class OtherFirstModule {}
    await expect(factoryOf(FirstModule, OtherFirstModule)).rejects.toThrow(/Two providers build the request loaders/);
  });
});
