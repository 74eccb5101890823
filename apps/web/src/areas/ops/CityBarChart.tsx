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
}

/**
 * Persons and organisations per city on the left axis, departments (a much smaller number)
 * on the right axis, so all three stay readable.
 */
export function CityBarChart({ cities, cityName, labels, ariaLabel, elder }: CityBarChartProps) {
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
        color: ['#0958d9', '#237804', '#ad4e00'],
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle },
        legend: { top: 0, textStyle },
        grid: { left: 8, right: 8, top: elder ? 56 : 44, bottom: 8, containLabel: true },
        xAxis: {
          type: 'category',
          data: cities.map(cityName),
          axisLabel: { ...textStyle, interval: 0, rotate: cities.length > 6 ? 40 : 0 },
        },
        yAxis: [
          { type: 'value', name: `${labels.persons} / ${labels.organisations}`, nameTextStyle: textStyle, axisLabel: textStyle },
          { type: 'value', name: labels.departments, nameTextStyle: textStyle, axisLabel: textStyle, splitLine: { show: false } },
        ],
        series: [
          { name: labels.persons, type: 'bar', data: cities.map((c) => c.persons) },
          { name: labels.organisations, type: 'bar', data: cities.map((c) => c.organisations) },
          { name: labels.departments, type: 'bar', yAxisIndex: 1, data: cities.map((c) => c.departments) },
        ],
      },
      { notMerge: true },
    );
  }, [cities, cityName, labels, elder]);

  return <div ref={ref} className="sufu-chart" role="img" aria-label={ariaLabel} data-testid="ops-chart" />;
}
