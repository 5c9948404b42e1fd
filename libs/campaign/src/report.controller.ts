import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HeavyOperation } from '#core';
import { CampaignReportService } from './report.service.js';

/** The campaign report as an XLSX download, for those who read it in a spreadsheet. */
@Controller('reports/campaigns')
export class CampaignReportController {
  constructor(private readonly reports: CampaignReportService) {}

  // Computed afresh on every download, over every function of the campaign.
  @HeavyOperation()
  @Get(':id.xlsx')
  async xlsx(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response): Promise<void> {
    const body = await this.reports.workbook(id);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="campaign-${id}.xlsx"`);
    res.end(body);
  }
}
