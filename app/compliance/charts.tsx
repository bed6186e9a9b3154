import { formatMonthShort } from "~/utils/format-date";
/**
 * Small SVG charts. They are drawn with attributes, not inline styles (the CSP forbids those), and
 * hidden from screen readers: the same numbers are always on the page as text or in a table.
 * Readable without colour: the value is a solid bar or line, the target a dashed line with a marker.
 */

export function ComplianceBar({ percent, target }: { percent: number | null; target: number }) {
  const value = Math.max(0, Math.min(100, percent ?? 0));
  return (
    <svg className="app-bar" viewBox="0 0 200 20" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect className="app-bar__track" x="0" y="3" width="200" height="14" />
      {percent !== null ? (
        <rect
          className={`app-bar__value${percent >= target ? " app-bar__value--met" : ""}`}
          x="0"
          y="3"
          width={value * 2}
          height="14"
        />
      ) : null}
      <line className="app-bar__target" x1={target * 2} x2={target * 2} y1="0" y2="20" />
    </svg>
  );
}

export interface TrendPoint {
  /** YYYY-MM-DD, the month's last day. */
  month: string;
  percent: number | null;
}

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 44;
const RIGHT = 16;
const TOP = 16;
const BOTTOM = 36;

export function TrendChart({
  points,
  target,
  language,
  targetLabel,
}: {
  points: TrendPoint[];
  target: number;
  language: string;
  targetLabel: string;
}) {
  const step = points.length > 1 ? (WIDTH - LEFT - RIGHT) / (points.length - 1) : 0;
  const x = (i: number) => LEFT + i * step;
  const y = (p: number) => TOP + ((100 - p) / 100) * (HEIGHT - TOP - BOTTOM);
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.percent === null) {
      if (current.length) segments.push(current.join(" "));
      current = [];
    } else current.push(`${x(i)},${y(p.percent)}`);
  });
  if (current.length) segments.push(current.join(" "));
  return (
    <svg className="app-trend" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
      {[0, 25, 50, 75, 100].map((p) => (
        <g key={p}>
          <line className="app-trend__grid" x1={LEFT} x2={WIDTH - RIGHT} y1={y(p)} y2={y(p)} />
          <text className="app-trend__axis" x={LEFT - 6} y={y(p) + 4} textAnchor="end">
            {p}%
          </text>
        </g>
      ))}
      <line className="app-trend__target" x1={LEFT} x2={WIDTH - RIGHT} y1={y(target)} y2={y(target)} />
      <text className="app-trend__target-label" x={WIDTH - RIGHT} y={y(target) - 5} textAnchor="end">
        {targetLabel}
      </text>
      {segments.map((s) => (
        <polyline key={s} className="app-trend__line" points={s} />
      ))}
      {points.map((p, i) =>
        p.percent === null ? null : (
          <rect key={p.month} className="app-trend__point" x={x(i) - 4} y={y(p.percent) - 4} width="8" height="8" />
        ),
      )}
      {points.map((p, i) => (
        <text
          key={`label-${p.month}`}
          className="app-trend__axis"
          x={x(i)}
          y={HEIGHT - BOTTOM + 18}
          textAnchor="middle"
        >
          {formatMonthShort(p.month, language)}
        </text>
      ))}
    </svg>
  );
}
