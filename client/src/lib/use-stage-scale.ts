import { useEffect, useState } from 'react';

const fitting = (width: number, height: number) => Math.min(window.innerWidth / width, window.innerHeight / height);

/**
 * The factor that fits a stage laid out in fixed pixels (e.g. 1920×1080) into the window, so a
 * hall screen looks the same on any monitor and the layout never reflows.
 */
export function useStageScale(width: number, height: number): number {
  const [scale, setScale] = useState(() => fitting(width, height));
  useEffect(() => {
    const resize = () => setScale(fitting(width, height));
    resize();
    window.addEventListener('resize', resize);
    return () => window.removeEventListener('resize', resize);
  }, [width, height]);
  return scale;
}
