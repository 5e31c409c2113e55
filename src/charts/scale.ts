/**
 * Value axes: "nice" round ticks (1, 2, 2.5 or 5 times a power of ten) and the linear map from
 * values to chart units.
 */

/** Ticks from 0 up to at least `max`, about `count` of them, on round steps. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  // Counts are whole: never a step below 1.
  const whole = Math.max(1, step);
  const ticks: number[] = [];
  for (let value = 0; value < max + whole; value += whole) {
    ticks.push(Math.round(value * 1e6) / 1e6);
    if (value >= max) break;
  }
  return ticks;
}

/** Maps `[0, top]` onto `[bottom, top]` chart units (SVG's y grows downwards). */
export function linear(domainMax: number, pixelBottom: number, pixelTop: number) {
  const span = domainMax > 0 ? domainMax : 1;
  return (value: number): number => pixelBottom - (value / span) * (pixelBottom - pixelTop);
}
