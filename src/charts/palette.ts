/**
 * Colours and type of every chart. Series use the Okabe–Ito palette, which stays distinguishable
 * with every common form of colour blindness; the card is opaque white with dark text and a grey
 * border, so it reads the same on Slack's light and dark themes (no transparent pixel ever shows
 * the theme through).
 */

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = {
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
  black: "#000000",
} as const;

export const COLORS = {
  background: "#FFFFFF",
  border: "#C9C9C9",
  text: "#1D1C1D",
  muted: "#5E5D60",
  grid: "#E2E2E2",
  axis: "#9A9A9A",
  /** Saturday and Sunday columns. */
  weekend: "#ECEEF2",
  /** The same-weekday normal range. */
  band: "#F6EDA0",
  successes: OKABE_ITO.blue,
  failures: OKABE_ITO.vermillion,
  /** The success-rate line and the marks of unusual days. */
  ink: "#1D1C1D",
  other: "#8C8C8C",
} as const;

/** Failure reasons, most frequent first; the rest share {@link COLORS.other}. */
export const REASON_COLORS = [
  OKABE_ITO.vermillion,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.bluishGreen,
] as const;

export const PAGE_COLORS = {
  STANDARD: OKABE_ITO.blue,
  FINE: OKABE_ITO.skyBlue,
  otherOutbound: COLORS.other,
  inbound: OKABE_ITO.bluishGreen,
} as const;

/** The family name of the bundled font (see `render.ts`). */
export const FONT_FAMILY = "Atkinson Hyperlegible";

/** Sizes in chart units (a PNG is drawn at twice these). */
export const TYPE = {
  title: 17,
  subtitle: 13,
  legend: 13.5,
  axis: 13,
  note: 13,
} as const;
