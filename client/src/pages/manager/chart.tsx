import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { EChartsCoreOption } from 'echarts/core';

// Only the chart kinds the dashboard draws, so the echarts chunk stays a fraction of the full library.
echarts.use([BarChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

/**
 * An ECharts chart in the hall's type, with ECharts' own generated description for screen readers
 * (aria) and `label` naming the figure.
 */
export function Chart({ option, label, height = 260 }: { option: EChartsCoreOption; label: string; height?: number }) {
  return (
    <figure className="chart" aria-label={label} style={{ margin: 0 }}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ aria: { enabled: true }, textStyle: { fontFamily: FONT }, animationDuration: 300, ...option }}
        notMerge
        style={{ height, width: '100%' }}
      />
    </figure>
  );
}

/** A trend over periods, hours or departments: legend on top, one tooltip per category, `unit` after each value. */
export function trendOption({
  categories,
  yAxis,
  series,
  unit,
  xAxis,
}: {
  categories: string[];
  yAxis: unknown;
  series: unknown[];
  unit?: string;
  xAxis?: object;
}): EChartsCoreOption {
  return {
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: unit === undefined ? undefined : (v: number | null) => (v === null ? '—' : `${v}${unit}`),
    },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: categories, ...xAxis },
    yAxis,
    series,
  };
}

/** One bar or line series, in one colour unless the chart's palette picks it. */
export const series = (type: 'bar' | 'line', name: string, data: (number | null)[], color?: string, more?: object) => ({
  type,
  name,
  data,
  ...(color ? { itemStyle: { color } } : {}),
  ...(type === 'bar' ? { barMaxWidth: 24 } : { connectNulls: true }),
  ...more,
});
