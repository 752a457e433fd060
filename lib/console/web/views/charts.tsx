import { useEffect, useRef, useState } from 'preact/hooks';
import { meaning, useI18n } from '../i18n.ts';

/** The width an element has on screen, again whenever it changes (a phone turned, a window resized). */
function useWidth<E extends Element>(fallback: number) {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** Day labels at least this far apart, so that none overlaps its neighbour at any width. */
const LABEL_SPACING = 44;

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
 * Stacked bars, one per day, drawn as SVG at the width the chart has on screen (its labels keep
 * their size on a phone): two charts need no chart library, and every label is a text node.
 * Keys keep the order of `keys`, so a colour means the same thing on every day.
 */
export function StackedBars({ title, series, keys }: { title: string; series: Series[]; keys: string[] }) {
  const { lang } = useI18n();
  const { ref, width } = useWidth<HTMLElement>(720);
  const height = 220;
  const pad = { left: 32, bottom: 28, top: 8 };
  const totals = series.map((s) => keys.reduce((n, k) => n + (s.values[k] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = (width - pad.left) / Math.max(1, series.length);
  const bar = Math.max(4, step * 0.7);
  const y = (value: number) => ((height - pad.bottom - pad.top) * value) / max;
  const colour = (key: string) => PALETTE[keys.indexOf(key) % PALETTE.length] ?? '#999';
  const labelEvery = Math.max(1, Math.ceil(LABEL_SPACING / step));
  return (
    <figure class="chart" ref={ref}>
      <figcaption>{title}</figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
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
              {(series.length - 1 - i) % labelEvery === 0 && (
                <text
                  x={Math.min(x + bar / 2, width - LABEL_SPACING / 2)}
                  y={height - 10}
                  text-anchor="middle"
                  class="axis"
                >
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
