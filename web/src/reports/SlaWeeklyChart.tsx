/**
 * Met against breached per week, for first response and for resolution (two stacked bars per week).
 * Drawn by Recharts and loaded lazily (`SlaReportPage` imports it through React.lazy), so the
 * charting library stays out of the main bundle.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeekFigures } from './slaReportData.ts';

const met = '#15803d';
const breached = '#b91c1c';
const weekLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

export default function SlaWeeklyChart({ weeks }: { weeks: WeekFigures[] }) {
  const data = weeks.map((week) => ({ ...week, label: weekLabel.format(new Date(`${week.weekStart}T00:00:00Z`)) }));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tickLine={false} />
        <YAxis allowDecimals={false} width={32} />
        <Tooltip labelFormatter={(label) => `Week of ${label}`} />
        <Legend />
        <Bar dataKey="firstResponseMet" name="First response met" stackId="first" fill={met} />
        <Bar dataKey="firstResponseBreached" name="First response breached" stackId="first" fill={breached} />
        <Bar dataKey="resolutionMet" name="Resolution met" stackId="resolution" fill={met} fillOpacity={0.55} />
        <Bar
          dataKey="resolutionBreached"
          name="Resolution breached"
          stackId="resolution"
          fill={breached}
          fillOpacity={0.55}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
