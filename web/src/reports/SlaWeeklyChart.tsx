/**
 * Met against breached per week, for first response and for resolution (two stacked bars per week).
 * Drawn by Recharts and loaded lazily (`SlaReportPage` imports it through React.lazy), so the
 * charting library stays out of the main bundle.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeekFigures } from './slaReportData.ts';

// Green met, red breached; the resolution bars in lighter shades of the same, so the legend tells them apart.
const colors = {
  firstMet: '#15803d',
  firstBreached: '#b91c1c',
  resolutionMet: '#86efac',
  resolutionBreached: '#fca5a5',
};
const weekLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

const bars = [
  { dataKey: 'firstResponseMet', name: 'First response met', stackId: 'first', fill: colors.firstMet },
  { dataKey: 'firstResponseBreached', name: 'First response breached', stackId: 'first', fill: colors.firstBreached },
  { dataKey: 'resolutionMet', name: 'Resolution met', stackId: 'resolution', fill: colors.resolutionMet },
  {
    dataKey: 'resolutionBreached',
    name: 'Resolution breached',
    stackId: 'resolution',
    fill: colors.resolutionBreached,
  },
] as const;

export default function SlaWeeklyChart({ weeks }: { weeks: WeekFigures[] }) {
  const data = weeks.map((week) => ({ ...week, label: weekLabel.format(new Date(`${week.weekStart}T00:00:00Z`)) }));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tickLine={false} />
        <YAxis allowDecimals={false} width={32} />
        <Tooltip labelFormatter={(label) => `Week of ${label}`} />
        <Legend formatter={(value) => <span className="chart-legend-label">{value}</span>} />
        {bars.map((bar) => (
          <Bar key={bar.dataKey} {...bar} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
