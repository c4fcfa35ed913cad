/**
 * A bar chart drawn as SVG on the server: no client script, nothing the strict CSP could
 * refuse (colours come from classes in globals.css, not style attributes). The picture is
 * for sighted readers only (aria-hidden); the same numbers are a table with a caption,
 * which screen readers read instead.
 */
export interface Series {
  name: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 180;
const TOP = 16;
const BOTTOM = 28;
const LEFT = 36;

/** A round upper bound for the axis: 1, 2, 5, 10, 20, 50 … */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function BarChart({
  caption,
  categoryHeader,
  categories,
  shortCategories = categories,
  series,
}: {
  caption: string;
  /** Header of the table's first column (what the categories are: week, day). */
  categoryHeader: string;
  categories: string[];
  /** Labels under the bars, where space is short. */
  shortCategories?: string[];
  series: Series[];
}) {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotWidth = WIDTH - LEFT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const group = plotWidth / Math.max(categories.length, 1);
  const bar = (group * 0.8) / Math.max(series.length, 1);
  const y = (v: number) => TOP + plotHeight - (v / max) * plotHeight;
  return (
    <figure className="chart">
      <svg
        className="chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        aria-hidden="true"
        focusable="false"
        preserveAspectRatio="xMidYMid meet"
      >
        <line className="chart-axis" x1={LEFT} x2={WIDTH} y1={y(0)} y2={y(0)} />
        <line className="chart-grid" x1={LEFT} x2={WIDTH} y1={y(max)} y2={y(max)} />
        <text className="chart-label" x={LEFT - 6} y={y(max) + 4} textAnchor="end">
          {max}
        </text>
        <text className="chart-label" x={LEFT - 6} y={y(0) + 4} textAnchor="end">
          0
        </text>
        {categories.map((category, i) => (
          <g key={category}>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              const x = LEFT + i * group + group * 0.1 + j * bar;
              return (
                <g key={s.name}>
                  <rect
                    className={`chart-bar chart-series-${j}`}
                    x={x}
                    y={y(v)}
                    width={Math.max(bar - 1, 1)}
                    height={Math.max(y(0) - y(v), 0)}
                  />
                  {v > 0 && (
                    <text className="chart-value" x={x + bar / 2} y={y(v) - 3} textAnchor="middle">
                      {v}
                    </text>
                  )}
                </g>
              );
            })}
            <text
              className="chart-label"
              x={LEFT + i * group + group / 2}
              y={HEIGHT - 10}
              textAnchor="middle"
            >
              {shortCategories[i]}
            </text>
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((s, j) => (
            <li key={s.name}>
              <svg viewBox="0 0 10 10" className="chart-swatch" focusable="false">
                <rect className={`chart-series-${j}`} width="10" height="10" />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <table className="visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{categoryHeader}</th>
            {series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((category, i) => (
            <tr key={category}>
              <th scope="row">{category}</th>
              {series.map((s) => (
                <td key={s.name}>{s.values[i] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
