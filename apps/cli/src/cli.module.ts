import { Module } from '@nestjs/common';
import { ConfigModule, DatabaseModule } from '#core';
import { RegistryDataModule } from '#registry';
import { ReviewDataModule } from '#review';

/** What the command line needs: configuration, database and the registry's services; no HTTP. */
@Module({
  imports: [ConfigModule.forRoot(), DatabaseModule.forRoot(), RegistryDataModule, ReviewDataModule],
})
export class CliModule {}
