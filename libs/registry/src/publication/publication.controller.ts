import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import { ANONYMOUS, excelJs, HeavyOperation, IsCalendarDate, isStaff } from '#core';
import { OpenDataService } from './open-data.service.js';
import { publicView, RegistryDiffService } from './registry-diff.service.js';

class RegistryDiffQuery {
  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  to: string;

  @IsOptional()
  @IsUUID()
  agencyId?: string;
}

class OpenDataQuery {
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @IsOptional()
  @IsIn([',', ';'], { message: 'delimiter must be , or ;' })
  delimiter?: ',' | ';';
}

const CSV_COLUMNS = [
  'code',
  'external_id',
  'lang',
  'title_ru',
  'title_kk',
  'type',
  'sector',
  'in_force_from',
  'holder_code',
  'holder_name_ru',
  'holder_level',
  'legal_basis',
  'revision',
  'revised_at',
];

/** Writes and waits when the client reads slower than the registry is read. */
async function send(res: Response, text: string): Promise<void> {
  if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
}

/** The published registry as open data: JSON Lines and CSV, now or at the end of a date. */
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @HeavyOperation()
  @Get('functions.jsonl')
  async jsonl(@Query() q: OpenDataQuery, @Res() res: Response): Promise<void> {
    res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="registry-functions-${q.asOf ?? 'current'}.jsonl"`);
    for await (const batch of this.openData.functions(q.asOf))
      await send(res, batch.map((f) => JSON.stringify(f)).join('\n') + '\n');
    res.end();
  }

  @HeavyOperation()
  @Get('functions.csv')
  async csv(@Query() q: OpenDataQuery, @Res() res: Response): Promise<void> {
    const delimiter = q.delimiter ?? ',';
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="registry-functions-${q.asOf ?? 'current'}.csv"`);
    // A byte-order mark, so that spreadsheet programs read the Cyrillic as UTF-8.
    await send(res, '\ufeff' + stringify([CSV_COLUMNS], { delimiter }));
    for await (const batch of this.openData.functions(q.asOf))
      await send(
        res,
        stringify(
          batch.map((f) => [
            f.code,
            f.externalId,
            f.lang,
            f.titleRu,
            f.titleKk,
            f.type,
            f.sector,
            f.inForceFrom,
            f.holder.code,
            f.holder.nameRu,
            f.holder.level,
            f.legalBasis
              .map((b) => [b.act ?? b.actTitle, b.article, b.clause, b.subclause].filter(Boolean).join(' '))
              .join('; '),
            f.revision,
            f.revisedAt,
          ]),
          { delimiter },
        ),
      );
    res.end();
  }
}

/** Downloads of the published registry for those who read it in a spreadsheet. */
@Controller('reports')
export class PublicationController {
  constructor(private readonly diffs: RegistryDiffService) {}

  @HeavyOperation()
  @Get('registry-diff.xlsx')
  async registryDiff(@Query() q: RegistryDiffQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const period = { from: q.from, to: q.to, agencyId: q.agencyId };
    const staff = isStaff(req.identity ?? ANONYMOUS);
    const rows = (await this.diffs.all(period)).map((r) => publicView(r, staff));
    const wb = new (await excelJs()).Workbook();
    const sheet = wb.addWorksheet('Changes');
    sheet.addRow([`The registry on ${q.from} and on ${q.to}: functions that changed`]).font = { bold: true };
    sheet.addRow([
      'code',
      'title',
      'changes',
      'status then',
      'status now',
      'type then',
      'type now',
      'holder then',
      'holder now',
    ]).font = { bold: true };
    for (const r of rows)
      sheet.addRow([
        r.code,
        r.title,
        r.kinds.join(', '),
        r.statusFrom,
        r.statusTo,
        r.typeFrom,
        r.typeTo,
        r.holderFrom,
        r.holderTo,
      ]);
    sheet.columns.forEach((c, i) => (c.width = i === 1 ? 80 : 16));
    const summary = wb.addWorksheet('Summary');
    summary.addRow(['change', 'functions']).font = { bold: true };
    for (const kind of ['ADDED', 'REMOVED', 'TRANSFERRED', 'RETYPED', 'MOVED'])
      summary.addRow([kind, rows.filter((r) => (r.kinds as string[]).includes(kind)).length]);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="registry-${q.from}-${q.to}.xlsx"`);
    res.end(Buffer.from(await wb.xlsx.writeBuffer()));
  }
}
