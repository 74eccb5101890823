import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { FONT_FAMILY } from '../../theme/index.tsx';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

interface StatsBarChartProps {
  rows: { name: string; value: number }[];
  seriesName: string;
  /** Text alternative for screen readers (the chart itself is a canvas). */
  ariaLabel: string;
  elder: boolean;
}

/** Average ratings (1–5) as horizontal bars, one per department, item or city. */
export function StatsBarChart({ rows, seriesName, ariaLabel, elder }: StatsBarChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const fontSize = elder ? 18 : 13;
    const textStyle = { fontFamily: FONT_FAMILY, fontSize, color: '#1f1f1f' };
    chart.setOption(
      {
        textStyle,
        color: ['#0958d9'],
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle },
        grid: { left: 4, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', min: 0, max: 5, interval: 1, axisLabel: textStyle },
        yAxis: {
          type: 'category',
          inverse: true,
          data: rows.map((r) => r.name),
          axisLabel: { ...textStyle, width: 160, overflow: 'truncate' },
        },
        series: [
          {
            name: seriesName,
            type: 'bar',
            data: rows.map((r) => r.value),
            label: { show: true, position: 'right', ...textStyle },
          },
        ],
      },
      { notMerge: true },
    );
  }, [rows, seriesName, elder]);

  return (
    <div
      ref={ref}
      className="sufu-chart"
      style={{ height: Math.max(200, rows.length * (elder ? 44 : 32) + 40) }}
      role="img"
      aria-label={ariaLabel}
      data-testid="stats-chart"
    />
  );
}
