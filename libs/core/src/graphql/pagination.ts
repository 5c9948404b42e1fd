import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

/** Offset pagination shared by every list: `skip` rows, then at most `take` (capped). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 0, description: 'Rows to skip.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  skip = 0;

  @Field(() => Int, { defaultValue: 20, description: `Rows to return, at most ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  take = 20;
}

export interface Page<T> {
  items: T[];
  totalCount: number | Promise<number>;
  skip: number;
  take: number;
  hasNextPage: boolean;
}

export function toPage<T>(items: T[], totalCount: number, args: PageArgs): Page<T> {
  return { items, totalCount, skip: args.skip, take: args.take, hasNextPage: args.skip + items.length < totalCount };
}

/**
 * A page read with one row more than asked (which tells whether another page follows) and a total
 * counted only when a client asks for it: counting every row a filter matches costs more than
 * reading a page. (GraphQL reads `totalCount` only when the field is selected.)
 */
class LazyPage<T> implements Page<T> {
  constructor(
    readonly items: T[],
    readonly skip: number,
    readonly take: number,
    readonly hasNextPage: boolean,
    private readonly count: () => Promise<number>,
  ) {}

  get totalCount(): Promise<number> {
    return this.count();
  }
}

export function toLazyPage<T>(rowsPlusOne: T[], args: PageArgs, count: () => Promise<number>): Page<T> {
  return new LazyPage(rowsPlusOne.slice(0, args.take), args.skip, args.take, rowsPlusOne.length > args.take, count);
}

/** The GraphQL list type for `T`: `{ items, totalCount, skip, take, hasNextPage }`. */
export function Paginated<T>(itemType: Type<T>, name = `${itemType.name}Page`) {
  @ObjectType(name, { isAbstract: false })
  class PageType implements Page<T> {
    @Field(() => [itemType])
    items: T[];

    @Field(() => Int, { description: 'Rows matching the filter, across all pages.' })
    totalCount: number;

    @Field(() => Int)
    skip: number;

    @Field(() => Int)
    take: number;

    @Field()
    hasNextPage: boolean;
  }
  return PageType;
}

/** The same page with its items mapped (to the API's views), keeping a lazily counted total lazy. */
export function mapPage<T, U>(page: Page<T>, fn: (item: T) => U): Page<U> {
  return Object.create(Object.getPrototypeOf(page) as object, {
    ...Object.getOwnPropertyDescriptors(page),
    items: { value: page.items.map(fn), enumerable: true },
  }) as Page<U>;
}
