import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ANONYMOUS, HeavyOperation } from '#core';
import { CampaignReportService } from './report.service.js';

/**
 * The campaign report as an XLSX download, for those who read it in a spreadsheet. It shows what
 * `campaignReport` shows to the same caller: to the public, closed campaigns and their approved and
 * implemented findings only, without who took the steps or their notes.
 */
@Controller('reports/campaigns')
export class CampaignReportController {
  constructor(private readonly reports: CampaignReportService) {}

  // Computed afresh on every download, over every function of the campaign.
  @HeavyOperation()
  @Get(':id.xlsx')
  async xlsx(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body = await this.reports.workbook(id, req.identity ?? ANONYMOUS);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="campaign-${id}.xlsx"`);
    res.end(body);
  }
}
