import { Controller, Get, Query, Res } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { IsOptional, IsUUID } from 'class-validator';
import { HeavyOperation, IsCalendarDate } from '#core';
import { RegistryDiffService } from './registry-diff.service.js';

class RegistryDiffQuery {
  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  to: string;

  @IsOptional()
  @IsUUID()
  agencyId?: string;
}

/** Downloads of the published registry for those who read it in a spreadsheet. */
@Controller('reports')
export class PublicationController {
  constructor(private readonly diffs: RegistryDiffService) {}

  @HeavyOperation()
  @Get('registry-diff.xlsx')
  async registryDiff(@Query() q: RegistryDiffQuery, @Res() res: Response): Promise<void> {
    const period = { from: q.from, to: q.to, agencyId: q.agencyId };
    const rows = await this.diffs.all(period);
    const wb = new ExcelJS.Workbook();
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
