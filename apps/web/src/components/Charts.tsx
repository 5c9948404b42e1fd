import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Distinguishable for colour-blind readers (Okabe–Ito), each with a text label in the legend. */
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#6b6b6b'];

/** Long names (agencies) shortened on the axis; the table under the chart has them whole. */
const short = (v: string) => (v.length > 34 ? `${v.slice(0, 33)}…` : v);

export interface Series {
  key: string;
  label: string;
}

/**
 * A bar chart with its figures also as a table under «show the figures», so that a screen reader
 * or a reader who prefers numbers has them.
 */
export function Bars({
  title,
  rows,
  category,
  series,
  stacked = false,
  horizontal = false,
}: {
  title: string;
  rows: Record<string, string | number>[];
  category: string;
  series: Series[];
  stacked?: boolean;
  horizontal?: boolean;
}) {
  const { t } = useTranslation();
  const height = horizontal ? Math.max(160, rows.length * 40 + 70) : 260;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div role="img" aria-label={title}>
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ left: 8, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            {horizontal ? (
              <>
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey={category} width={230} interval={0} tickFormatter={short} />
              </>
            ) : (
              <>
                <XAxis dataKey={category} />
                <YAxis allowDecimals={false} />
              </>
            )}
            <Tooltip />
            {/* Legend text in the ink colour: the series colours are too light for text. */}
            <Legend formatter={(value: string) => <span className="legend-text">{value}</span>} />
            {series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId={stacked ? 'all' : undefined}
                fill={COLOURS[i % COLOURS.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{t('chart.figures')}</summary>
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">{title}</span>
              </th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <th scope="row">{r[category]}</th>
                {series.map((s) => (
                  <td key={s.key}>{r[s.key] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
