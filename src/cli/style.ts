/**
 * Emphasis for terminal output: bold titles when stdout is a terminal, nothing otherwise, and
 * nothing when `NO_COLOR` is set (https://no-color.org) or `TERM=dumb`.
 */

export interface Style {
  title(text: string): string;
  dim(text: string): string;
}

/** Whether to use emphasis on a stream with `isTTY`, given the environment. */
export function useEmphasis(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (isTTY !== true) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return env.TERM !== "dumb";
}

/** ANSI bold / dim when `enabled`, plain text otherwise. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) return { title: (text) => text, dim: (text) => text };
  return {
    title: (text) => `\u001b[1m${text}\u001b[22m`,
    dim: (text) => `\u001b[2m${text}\u001b[22m`,
  };
}
