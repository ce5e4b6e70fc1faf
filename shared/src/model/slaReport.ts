/**
 * The SLA report's figures, as the server computes them (`server/src/requests/slaReport.ts`) and the
 * web draws them (`web/src/reports/`): per clock, how many met, breached or still run, and the median
 * and p90 of the stopped clocks' elapsed time; per ISO week, met and breached counts.
 */
export type ClockFigures = {
  met: number;
  breached: number;
  running: number;
  medianMs: number | null;
  p90Ms: number | null;
};

export type WeekFigures = {
  /** The Monday that starts the ISO week (UTC), `YYYY-MM-DD`. */
  weekStart: string;
  firstResponseMet: number;
  firstResponseBreached: number;
  resolutionMet: number;
  resolutionBreached: number;
};
