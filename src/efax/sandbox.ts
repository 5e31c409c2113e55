/**
 * Built-in sample data: realistic eFax reports for any day, with no account and no network. It backs
 * the CLI's `--sandbox`, the app's "try with sample data" and the local eFax server of the tests.
 *
 * One fictional clinic network: four DIDs, eight users (one of them on two DIDs), a few hundred
 * destination numbers with at least one failure per weekday, far fewer at weekends, now and then a
 * bad day. Everything follows from the day string through a seeded generator (never `Math.random`),
 * and the four reports of a day agree with each other:
 * - the account overview's failures, per reason, are the sums over that DID/user's number-overview
 *   rows; its `Success`/`Total` add the faxes to destinations that never failed, which upstream
 *   leaves out of the number overview (it lists only destinations with a failure);
 * - the failures report holds exactly the number-overview rows with `Success` 0;
 * - billable outbound pages come from the successful faxes of each DID (one to four pages each),
 *   inbound pages follow the DID's traffic.
 */
import { isDay, weekday } from "../dates/calendar.ts";
import { AbortedError, InvalidDayError } from "./errors.ts";
import { parseReport } from "./parse.ts";
import { KNOWN_FAILURE_REASONS, type ReportKind, type ReportSource } from "./types.ts";

/** One counts leaf as upstream writes it: the failure reasons, then `Success`, `Total`, `Failures`. */
export type UpstreamCounts = Record<string, number>;

/** Raw upstream JSON, per kind, before decoding (the failures report's leaves lack `Failures`). */
export interface UpstreamBodies {
  "account-overview": Record<string, Record<string, UpstreamCounts>>;
  "number-overview": Record<string, Record<string, Record<string, UpstreamCounts>>>;
  failures: Record<string, Record<string, Record<string, UpstreamCounts>>>;
  "billable-pages": Record<string, { outbound: Record<string, number>; inbound: number }>;
}

export interface SampleOptions {
  /**
   * Number-overview rows (destinations with at least one failure) for every day, for tests and
   * benchmarks that need big days. Default: a few hundred on weekdays, a few dozen at weekends.
   */
  destinationsPerDay?: number;
}

/** Largest `destinationsPerDay`: the distinct destination numbers the generator can give. */
export const MAX_SAMPLE_DESTINATIONS = 2_000_000;

interface Line {
  did: string;
  user: string;
  /** Share of the day's destinations. */
  weight: number;
}

const LINES: readonly Line[] = [
  { did: "12125550143", user: "frontdesk", weight: 0.14 },
  { did: "12125550143", user: "dr.okafor", weight: 0.05 },
  { did: "12125550143", user: "referrals", weight: 0.12 },
  { did: "13125550178", user: "lab.results", weight: 0.26 },
  { did: "13125550178", user: "records", weight: 0.09 },
  { did: "14155550121", user: "billing", weight: 0.11 },
  { did: "14155550121", user: "frontdesk", weight: 0.06 },
  { did: "16175550190", user: "pharmacy", weight: 0.13 },
  { did: "16175550190", user: "dr.lindqvist", weight: 0.04 },
];

/** Per DID: share of outbound pages sent in FINE resolution, and inbound faxes per outbound one. */
const DIDS: Readonly<Record<string, { fine: number; inbound: number }>> = {
  "12125550143": { fine: 0.18, inbound: 0.9 },
  "13125550178": { fine: 0.42, inbound: 0.25 },
  "14155550121": { fine: 0.08, inbound: 0.6 },
  "16175550190": { fine: 0.22, inbound: 1.4 },
};

/** Relative frequency of each failure reason, in KNOWN_FAILURE_REASONS order. */
const REASON_WEIGHTS = [0.34, 0.08, 0.13, 0.31, 0.07, 0.07];
/** Reasons when every attempt to a number failed: mostly nobody answering or a dead line. */
const DEAD_REASON_WEIGHTS = [0.18, 0.1, 0.12, 0.42, 0.12, 0.06];

// biome-ignore format: a table
const AREA_CODES = [
  "201", "203", "207", "212", "215", "216", "267", "301", "302", "303", "305", "312", "313", "315",
  "317", "347", "401", "402", "404", "405", "410", "412", "413", "414", "415", "425", "503", "504",
  "508", "510", "512", "513", "515", "516", "518", "520", "603", "608", "610", "612", "614", "615",
  "616", "617", "619", "626", "646", "650", "651", "702", "703", "704", "708", "713", "714", "716",
  "717", "718", "720", "732", "734", "757", "773", "774", "781", "802", "804", "813", "845", "856",
  "857", "860", "862", "904", "908", "914", "917", "929", "973", "978",
];
/** Destination slots per line: every area code × 10 000 line numbers of the 555 exchange. */
const SLOTS = AREA_CODES.length * 10_000;
/** The first slots are the line's regular correspondents, who come back day after day. */
const REGULAR_SLOTS = 160;
const ONE_OFF_STRIDE = 7_919;

const WEEKDAY_DESTINATIONS = 340;
const WEEKEND_SHARE = 0.14;
const CACHE_SIZE = 4;

interface DayModel {
  lines: LineDay[];
  billable: UpstreamBodies["billable-pages"];
}

interface LineDay {
  line: Line;
  destinations: string[];
  /** Per destination row: success, then the six reason counts (7 numbers per row). */
  counts: Uint32Array;
  /** Successful faxes to destinations that never failed (not in the number overview). */
  cleanSuccess: number;
}

const cache = new Map<string, DayModel>();

/**
 * The raw upstream JSON object of one report for `day`, as the eFax API would serve it (before its
 * double encoding). Deterministic: the same day and options always give the same object.
 */
export function sampleUpstreamBody<K extends ReportKind>(
  kind: K,
  day: string,
  options: SampleOptions = {},
): UpstreamBodies[K] {
  const bodies: { [P in ReportKind]: (model: DayModel) => UpstreamBodies[P] } = {
    "account-overview": accountOverview,
    "number-overview": (model) => destinationRows(model, false),
    failures: (model) => destinationRows(model, true),
    "billable-pages": (model) => copyBillable(model.billable),
  };
  const build: (model: DayModel) => UpstreamBodies[K] = bodies[kind];
  return build(dayModel(day, options.destinationsPerDay));
}

/**
 * A {@link ReportSource} serving the sample data through the same decoding and validation as real
 * responses (double-encoded JSON into `parseReport`), so it behaves exactly like the API client.
 */
export function createSampleSource(options: SampleOptions = {}): ReportSource {
  return {
    async fetchReport(kind, day, { signal } = {}) {
      if (!isDay(day)) throw new InvalidDayError({ report: kind, day });
      if (signal?.aborted) throw new AbortedError({ report: kind, day, attempts: 0 });
      const text = JSON.stringify(JSON.stringify(sampleUpstreamBody(kind, day, options)));
      return parseReport(kind, text, { day });
    },
  };
}

function dayModel(day: string, destinationsPerDay: number | undefined): DayModel {
  if (!isDay(day)) throw new RangeError("Sample data needs a calendar day in YYYY-MM-DD form");
  if (
    destinationsPerDay !== undefined &&
    !(
      Number.isInteger(destinationsPerDay) &&
      destinationsPerDay >= 0 &&
      destinationsPerDay <= MAX_SAMPLE_DESTINATIONS
    )
  ) {
    throw new RangeError(
      `destinationsPerDay must be a whole number from 0 to ${MAX_SAMPLE_DESTINATIONS}`,
    );
  }
  const key = `${day}/${destinationsPerDay ?? ""}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const model = generateDay(day, destinationsPerDay);
  if (cache.size >= CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, model);
  return model;
}

function generateDay(day: string, destinationsPerDay: number | undefined): DayModel {
  const random = seededRandom(`efax-sample/${day}`);
  const dow = weekday(day);
  const weekend = dow === 0 || dow === 6;
  const badDay = !weekend && random() < 0.07;
  const badReason = Math.floor(random() * KNOWN_FAILURE_REASONS.length);
  const rhythm = weekend ? WEEKEND_SHARE : dow === 1 ? 1.12 : dow === 5 ? 0.9 : 1;
  const rows =
    destinationsPerDay ??
    Math.round(WEEKDAY_DESTINATIONS * rhythm * (0.85 + 0.3 * random()) * (badDay ? 1.6 : 1));
  const successRate = badDay ? 0.8 + 0.05 * random() : 0.93 + 0.04 * random();
  const allFailedShare = badDay ? 0.34 : 0.2 + 0.06 * random();
  const reasonWeights = REASON_WEIGHTS.map((w, i) => (badDay && i === badReason ? w + 0.6 : w));
  const reasonCdf = cumulative(reasonWeights);
  const deadCdf = cumulative(DEAD_REASON_WEIGHTS);

  const perLine = split(
    rows,
    LINES.map((line) => line.weight * (0.8 + 0.4 * random())),
    random,
  );
  const lines = LINES.map((line, index): LineDay => {
    const count = perLine[index] ?? 0;
    const destinations = pickDestinations(index, count, random);
    const counts = new Uint32Array(count * 7);
    let failures = 0;
    for (let row = 0; row < count; row++) {
      const base = row * 7;
      const dead = random() < allFailedShare;
      const attempts = dead ? 1 + geometric(random, 0.45, 5) : 1 + geometric(random, 0.3, 3);
      const success = dead ? 0 : 1 + geometric(random, 0.55, 9);
      const cdf = dead ? deadCdf : reasonCdf;
      counts[base] = success;
      for (let f = 0; f < attempts; f++) {
        const slot = base + 1 + pick(cdf, random());
        counts[slot] = (counts[slot] ?? 0) + 1;
      }
      failures += attempts;
    }
    let rowSuccess = 0;
    for (let row = 0; row < count; row++) rowSuccess += counts[row * 7] ?? 0;
    const rate = Math.min(0.99, Math.max(0.7, successRate + 0.02 * (random() - 0.5)));
    const quiet = Math.floor(random() * (weekend ? 4 : 12));
    const cleanSuccess = Math.max(quiet, Math.ceil(failures / (1 - rate)) - failures - rowSuccess);
    return { line, destinations, counts, cleanSuccess };
  });
  return { lines, billable: billablePages(lines, random) };
}

/**
 * `count` distinct destination numbers for one line: some of its regular correspondents first,
 * then one-off numbers. All are `1` + area code + `555` + four digits.
 */
function pickDestinations(lineIndex: number, count: number, random: () => number): string[] {
  const out: string[] = [];
  const regulars = Math.min(count, Math.round(count * (0.35 + 0.2 * random())), REGULAR_SLOTS);
  const regularPicks = new Set<number>();
  while (regularPicks.size < regulars) regularPicks.add(Math.floor(random() * REGULAR_SLOTS));
  for (const slot of regularPicks) out.push(destinationNumber(lineIndex, slot));
  const span = SLOTS - REGULAR_SLOTS;
  const start = Math.floor(random() * span);
  for (let k = 0; out.length < count; k++) {
    out.push(destinationNumber(lineIndex, REGULAR_SLOTS + ((start + k * ONE_OFF_STRIDE) % span)));
  }
  return out;
}

/**
 * Slot → number, one-to-one within a line: an affine shuffle of the slots (5 003 is prime to
 * their count), then area code and station (7 919 is prime to 10 000).
 */
function destinationNumber(lineIndex: number, slot: number): string {
  const shuffled = (slot * 5_003 + lineIndex * 104_729) % SLOTS;
  const area = AREA_CODES[shuffled % AREA_CODES.length] ?? "212";
  const station = (Math.floor(shuffled / AREA_CODES.length) * 7_919 + 1_013) % 10_000;
  return `1${area}555${String(station).padStart(4, "0")}`;
}

function billablePages(lines: LineDay[], random: () => number): UpstreamBodies["billable-pages"] {
  const successes = new Map<string, number>();
  for (const { line, counts, cleanSuccess } of lines) {
    let sent = cleanSuccess;
    for (let i = 0; i < counts.length; i += 7) sent += counts[i] ?? 0;
    successes.set(line.did, (successes.get(line.did) ?? 0) + sent);
  }
  const body: UpstreamBodies["billable-pages"] = {};
  for (const [did, sent] of successes) {
    const profile = DIDS[did] ?? { fine: 0.2, inbound: 0.5 };
    const pages = Math.round(sent * (1.6 + 1.4 * random()));
    const fine = Math.round(pages * profile.fine * (0.8 + 0.4 * random()));
    const outbound: Record<string, number> = {};
    if (pages - fine > 0) outbound.STANDARD = pages - fine;
    if (fine > 0) outbound.FINE = fine;
    const inbound = Math.round(sent * profile.inbound * (1.5 + 1.5 * random()));
    body[did] = { outbound, inbound };
  }
  return body;
}

function copyBillable(
  billable: UpstreamBodies["billable-pages"],
): UpstreamBodies["billable-pages"] {
  const body: UpstreamBodies["billable-pages"] = {};
  for (const [did, entry] of Object.entries(billable)) {
    body[did] = { outbound: { ...entry.outbound }, inbound: entry.inbound };
  }
  return body;
}

function accountOverview(model: DayModel): UpstreamBodies["account-overview"] {
  const body: UpstreamBodies["account-overview"] = {};
  for (const { line, counts, cleanSuccess } of model.lines) {
    const reasons = [0, 0, 0, 0, 0, 0];
    let success = cleanSuccess;
    for (let i = 0; i < counts.length; i += 7) {
      success += counts[i] ?? 0;
      for (let r = 0; r < 6; r++) reasons[r] = (reasons[r] ?? 0) + (counts[i + 1 + r] ?? 0);
    }
    const failures = reasons.reduce((sum, n) => sum + n, 0);
    if (success + failures === 0) continue;
    const users = body[line.did] ?? {};
    body[line.did] = users;
    users[line.user] = leaf(reasons, success, true);
  }
  return body;
}

function destinationRows(model: DayModel, onlyAllFailed: boolean): UpstreamBodies["failures"] {
  const body: UpstreamBodies["failures"] = {};
  for (const { line, destinations, counts } of model.lines) {
    let rows: Record<string, UpstreamCounts> | undefined;
    for (let row = 0; row < destinations.length; row++) {
      const base = row * 7;
      const success = counts[base] ?? 0;
      if (onlyAllFailed && success > 0) continue;
      if (rows === undefined) {
        const users = body[line.did] ?? {};
        body[line.did] = users;
        rows = users[line.user] ?? {};
        users[line.user] = rows;
      }
      rows[destinations[row] ?? ""] = leafAt(counts, base, !onlyAllFailed);
    }
  }
  return body;
}

function leafAt(counts: Uint32Array, base: number, withFailures: boolean): UpstreamCounts {
  const busy = counts[base + 1] ?? 0;
  const placement = counts[base + 2] ?? 0;
  const transmission = counts[base + 3] ?? 0;
  const noAnswer = counts[base + 4] ?? 0;
  const noDialTone = counts[base + 5] ?? 0;
  const unspecified = counts[base + 6] ?? 0;
  const success = counts[base] ?? 0;
  const failures = busy + placement + transmission + noAnswer + noDialTone + unspecified;
  const leaf: UpstreamCounts = {
    Busy: busy,
    "Call placement error": placement,
    "Fax transmission failed": transmission,
    "No answer": noAnswer,
    "No dial tone": noDialTone,
    "Unspecified failure": unspecified,
    Success: success,
    Total: success + failures,
  };
  if (withFailures) leaf.Failures = failures;
  return leaf;
}

function leaf(reasons: number[], success: number, withFailures: boolean): UpstreamCounts {
  const counts = new Uint32Array(7);
  counts[0] = success;
  reasons.forEach((n, i) => {
    counts[i + 1] = n;
  });
  return leafAt(counts, 0, withFailures);
}

/** Splits `total` into parts proportional to `weights`, remainders going to random parts. */
function split(total: number, weights: number[], random: () => number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - parts.reduce((a, b) => a + b, 0);
  while (left > 0) {
    const i = Math.floor(random() * parts.length);
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** Number of successes before the first failure, with `p` the chance to continue, at most `max`. */
function geometric(random: () => number, p: number, max: number): number {
  let n = 0;
  while (n < max && random() < p) n++;
  return n;
}

function cumulative(weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  return weights.map((w) => {
    running += w / sum;
    return running;
  });
}

function pick(cdf: number[], roll: number): number {
  for (let i = 0; i < cdf.length - 1; i++) if (roll < (cdf[i] ?? 1)) return i;
  return cdf.length - 1;
}

/**
 * Uniform numbers in [0, 1) from a seed string: FNV-1a of the seed, then a Weyl sequence through
 * the murmur3 finaliser. Fast, well mixed, the same on every machine.
 */
function seededRandom(seed: string): () => number {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}
