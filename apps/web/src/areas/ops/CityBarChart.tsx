import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CityStats } from '../../api/types.ts';
import { FONT_FAMILY } from '../../theme/index.tsx';

// Only the parts this chart uses, to keep the ops chunk small.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface CityBarChartProps {
  cities: CityStats[];
  cityName: (c: CityStats) => string;
  labels: { persons: string; organisations: string; departments: string };
  /** Text alternative for screen readers (the chart itself is a canvas). */
  ariaLabel: string;
  elder: boolean;
  /** Phones: horizontal bars (cities down the side) so 13 city names stay readable. */
  narrow: boolean;
}

/**
 * Persons and organisations per city on the left axis, departments (a much smaller number)
 * on the right axis, so all three stay readable.
 */
export function CityBarChart({ cities, cityName, labels, ariaLabel, elder, narrow }: CityBarChartProps) {
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
    const names = cities.map(cityName);
    const category = { type: 'category' as const, data: names, axisLabel: { ...textStyle, interval: 0 } };
    const valueLabel = { ...textStyle, hideOverlap: true };
    const left = { type: 'value' as const, axisLabel: valueLabel, ...(narrow ? { splitNumber: 3 } : {}) };
    const right = {
      type: 'value' as const,
      axisLabel: valueLabel,
      splitLine: { show: false },
      ...(narrow ? { splitNumber: 3 } : {}),
    };
    const series = [
      { name: labels.persons, type: 'bar' as const, data: cities.map((c) => c.persons) },
      { name: labels.organisations, type: 'bar' as const, data: cities.map((c) => c.organisations) },
      {
        name: labels.departments,
        type: 'bar' as const,
        data: cities.map((c) => c.departments),
        ...(narrow ? { xAxisIndex: 1 } : { yAxisIndex: 1 }),
      },
    ];
    chart.setOption(
      {
        textStyle,
        color: ['#0958d9', '#237804', '#ad4e00'],
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle },
        legend: narrow ? { bottom: 0, textStyle } : { top: 0, textStyle },
        grid: narrow
          ? { left: 4, right: 16, top: 28, bottom: elder ? 72 : 48, containLabel: true }
          : { left: 8, right: 8, top: elder ? 56 : 44, bottom: 8, containLabel: true },
        ...(narrow
          ? {
              yAxis: { ...category, inverse: true },
              // Departments are a much smaller number: they get their own axis on top.
              xAxis: [left, { ...right, position: 'top' as const }],
            }
          : {
              xAxis: {
                ...category,
                axisLabel: { ...category.axisLabel, rotate: cities.length > 6 ? 40 : 0 },
              },
              yAxis: [
                { ...left, name: `${labels.persons} / ${labels.organisations}`, nameTextStyle: textStyle },
                { ...right, name: labels.departments, nameTextStyle: textStyle },
              ],
            }),
        series,
      },
      { notMerge: true },
    );
  }, [cities, cityName, labels, elder, narrow]);

  return (
    <div
      ref={ref}
      className="sufu-chart"
      style={narrow ? { height: Math.max(420, cities.length * (elder ? 64 : 48) + 120) } : undefined}
      role="img"
      aria-label={ariaLabel}
      data-testid="ops-chart"
    />
  );
}
