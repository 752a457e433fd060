import { meaning, useI18n } from '../i18n.ts';

const PALETTE = [
  '#2f6fb5',
  '#e0832b',
  '#3d9a52',
  '#c2413b',
  '#8a63b8',
  '#8c6d3f',
  '#d16fb1',
  '#6b6b6b',
  '#b5b52f',
  '#2fb5ad',
  '#5a3fb5',
  '#b53f6b',
];

export interface Series {
  label: string;
  values: Record<string, number>;
}

/**
 * Stacked bars, one per day, drawn as SVG: two charts need no chart library, and every label is
 * a text node. Keys keep the order of `keys`, so a colour means the same thing on every day.
 */
export function StackedBars({ title, series, keys }: { title: string; series: Series[]; keys: string[] }) {
  const { lang } = useI18n();
  const width = 720;
  const height = 220;
  const pad = { left: 32, bottom: 28, top: 8 };
  const totals = series.map((s) => keys.reduce((n, k) => n + (s.values[k] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = (width - pad.left) / Math.max(1, series.length);
  const bar = Math.max(4, step * 0.7);
  const y = (value: number) => ((height - pad.bottom - pad.top) * value) / max;
  const colour = (key: string) => PALETTE[keys.indexOf(key) % PALETTE.length] ?? '#999';
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <line x1={pad.left} x2={width} y1={height - pad.bottom} y2={height - pad.bottom} stroke="#999" />
        <text x={pad.left - 6} y={pad.top + 10} text-anchor="end" class="axis">
          {max}
        </text>
        <text x={pad.left - 6} y={height - pad.bottom} text-anchor="end" class="axis">
          0
        </text>
        {series.map((s, i) => {
          let base = height - pad.bottom;
          const x = pad.left + i * step + (step - bar) / 2;
          return (
            <g key={s.label} data-day={s.label}>
              {keys
                .filter((k) => s.values[k])
                .map((k) => {
                  const h = y(s.values[k] ?? 0);
                  base -= h;
                  return (
                    <rect key={k} x={x} y={base} width={bar} height={h} fill={colour(k)}>
                      <title>{`${s.label} · ${meaning(k, lang)}: ${s.values[k]}`}</title>
                    </rect>
                  );
                })}
              {(series.length <= 16 || i % 2 === 0) && (
                <text x={x + bar / 2} y={height - 10} text-anchor="middle" class="axis">
                  {s.label.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {keys.map((k) => (
          <li key={k}>
            <span class="swatch" style={{ background: colour(k) }} />
            {meaning(k, lang)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
