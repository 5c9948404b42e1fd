import { Public } from '#core';
import { Injectable } from '@nestjs/common';
import { Args, Field, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';

export enum ClassificationScheme {
  KZ_FUNCTIONAL = 'KZ_FUNCTIONAL',
  COFOG = 'COFOG',
}
registerEnumType(ClassificationScheme, {
  name: 'ClassificationScheme',
  description:
    "KZ_FUNCTIONAL: Kazakhstan's functional classification of budget expenditures; COFOG: the UN Classification of the Functions of Government.",
});

@Entity('classification_code')
export class ClassificationCodeEntity {
  @PrimaryColumn({ type: 'text' })
  scheme: ClassificationScheme;

  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text', nullable: true })
  parentCode: string | null;

  @Column({ type: 'text', nullable: true })
  nameRu: string | null;

  @Column({ type: 'text', nullable: true })
  nameKk: string | null;

  @Column({ type: 'text', nullable: true })
  nameEn: string | null;
}

@ObjectType('ClassificationCode')
export class ClassificationCode {
  @Field(() => ClassificationScheme)
  scheme: ClassificationScheme;

  @Field()
  code: string;

  @Field(() => String, { nullable: true })
  parentCode: string | null;

  @Field(() => String, { nullable: true })
  nameRu: string | null;

  @Field(() => String, { nullable: true })
  nameKk: string | null;

  @Field(() => String, { nullable: true })
  nameEn: string | null;

  @Field(() => [String], {
    description: 'Codes of the other scheme this one maps to (an unofficial working crosswalk).',
  })
  mapsTo: string[];
}

@Injectable()
export class ClassificationService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(scheme: ClassificationScheme, parentCode?: string): Promise<ClassificationCode[]> {
    return this.ds.query(
      `SELECT c.scheme, c.code, c.parent_code AS "parentCode", c.name_ru AS "nameRu", c.name_kk AS "nameKk", c.name_en AS "nameEn",
         coalesce(array_agg(m.to_code ORDER BY m.to_code) FILTER (WHERE m.to_code IS NOT NULL), '{}') AS "mapsTo"
       FROM classification_code c LEFT JOIN classification_mapping m ON m.from_scheme = c.scheme AND m.from_code = c.code
       WHERE c.scheme = $1 AND ($2::text IS NULL OR c.parent_code = $2)
       GROUP BY c.scheme, c.code ORDER BY c.code`,
      [scheme, parentCode ?? null],
    );
  }
}

@Resolver(() => ClassificationCode)
export class ClassificationResolver {
  constructor(private readonly classifications: ClassificationService) {}

  @Public()
  @Query(() => [ClassificationCode], {
    description: 'Codes of a budget classification, optionally the children of one code.',
  })
  classificationCodes(
    @Args('scheme', { type: () => ClassificationScheme }) scheme: ClassificationScheme,
    @Args('parentCode', { nullable: true }) parentCode?: string,
  ) {
    return this.classifications.list(scheme, parentCode);
  }
}
