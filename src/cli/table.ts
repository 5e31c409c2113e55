/**
 * Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned,
 * no box drawing so the output pastes cleanly into tickets and emails.
 */

export interface Column {
  title: string;
  /** Numbers read best right-aligned. Default "left". */
  align?: "left" | "right";
}

/** The lines of a table (title row first), each starting with `indent`, without trailing spaces. */
export function formatTable(
  columns: readonly Column[],
  rows: readonly string[][],
  indent = "  ",
): string[] {
  const widths = columns.map((column, i) =>
    Math.max(textWidth(column.title), ...rows.map((row) => textWidth(row[i] ?? ""))),
  );
  const line = (cells: readonly string[]): string =>
    indent +
    columns
      .map((column, i) => pad(cells[i] ?? "", widths[i] ?? 0, column.align ?? "left"))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...rows.map(line)];
}

/** Label/value lines ("Attempts   1,234"), values right-aligned to each other. */
export function formatPairs(pairs: readonly [string, string, string?][], indent = "  "): string[] {
  const rows = pairs.map(([label, value, note]) => [label, value, note ?? ""]);
  const columns: Column[] = [{ title: "" }, { title: "", align: "right" }, { title: "" }];
  return formatTable(columns, rows, indent).slice(1);
}

function textWidth(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - textWidth(text)));
  return align === "right" ? fill + text : text + fill;
}
