/**
 * `efax --help`: everything a person needs without opening the README — reports, the date
 * grammar, options, output shapes, environment and exit codes.
 */
import { DEFAULT_MAX_DAYS } from "../dates/limits.ts";
import { REPORTS } from "../reports/catalog.ts";
import { EXIT_CODES } from "./errors.ts";

/** The full help text. `defaultApiUrl` is the eFax base URL used when `EFAX_API_URL` is unset. */
export function helpText(defaultApiUrl: string): string {
  const width = Math.max(...REPORTS.map((r) => r.name.length)) + 2;
  const reports = REPORTS.map(
    (r) =>
      `  ${r.name.padEnd(width)}${r.title}: ${r.description}\n` +
      `  ${" ".repeat(width)}(also: ${r.synonyms.join(", ")})`,
  ).join("\n");

  const exitCodes = (
    [
      [EXIT_CODES.ok, "done"],
      [
        EXIT_CODES.usage,
        "usage: unknown report or option, a date that cannot be used, missing credentials",
      ],
      [EXIT_CODES.credentialsRejected, "eFax rejected the credentials"],
      [EXIT_CODES.upstream, "eFax failed, timed out, was throttled or sent something unreadable"],
      [EXIT_CODES.internal, "an unexpected error in efax itself"],
      [EXIT_CODES.interrupted, "stopped with Ctrl-C"],
    ] as const
  )
    .map(([code, meaning]) => `  ${String(code).padEnd(5)}${meaning}`)
    .join("\n");

  return `efax — eFax Developer reports in your terminal

USAGE
  efax report <report> [when…] [--format text|json|csv] [--tz <zone>] [--sandbox]
              [--chart <file.png>] [--mask]
  efax <report> [when…] […]          the same without "report", as in efax failures yesterday
  efax --help                        this text (also: efax report --help)

REPORTS
${reports}

WHEN (default: yesterday)
  Plain English, read in your time zone (--tz, or this machine's):
    yesterday  today  2 days ago  friday  last friday  nov 20  20 nov  2026-11-20
    11/20 (month/day)  last week  this week  past 7 days  last month  this month
    october  from nov 1 to nov 7  nov 1 - nov 7  dec 28 to jan 3  since nov 20
  - last week is the previous Monday to Sunday; this week runs Monday to today;
    past 7 days (or last 7 days) are the 7 days ending today; this month runs from the 1st to today.
  - A day without a year is the latest one that has begun: nov 30 asked on 26 Nov 2026 means
    30 Nov 2025. A weekday on its own is the latest one up to today (friday on a Friday is today);
    last friday is the latest one before today.
  - In a range the start is read as on its own, and the end is the first matching day on or
    after the start: dec 28 to jan 3 crosses into the new year; friday to monday runs from the
    latest Friday to the Monday after it. An end that falls after today is refused (monday to
    friday, asked on a Thursday).
  - Two days without a year whose end comes first in the calendar take the shorter reading:
    dec 28 to jan 3 rolls into January, while dec 1 to nov 30 and nov 7 to nov 1 are read
    swapped (30 Nov – 1 Dec, 1–7 Nov).
  - Days that name their year, and today or yesterday, are put in order: 2026-11-25 to
    2026-11-20 is 20–25 Nov 2026. A start without a year before an end with one is the latest
    such day on or before that end: dec 30 to jan 2 2026 starts on 30 Dec 2025.
  - Today is allowed (it is partial); later days are not. At most ${DEFAULT_MAX_DAYS} days at a time.

OPTIONS
  -f, --format <text|json|csv>   output format (default text)
      --tz <zone>                IANA time zone for the dates, e.g. America/New_York, Europe/Berlin
                                 (default: this machine's zone, or the TZ variable)
      --sandbox                  built-in sample data: no account, no network
      --chart <file.png>         also write the report's chart as a PNG (the one Slack shows):
                                 a range day by day with each day's normal range for its
                                 weekday; one day against the same weekday of the 4 weeks before
                                 (fetches those 4 weeks too); where it went is said on stderr
      --mask                     destination numbers as •••-•••-2919 (their last 4 digits), in
                                 every format; fax lines (DIDs) stay readable
  -h, --help                     this text

OUTPUT
  text   a summary: the report and exact days it covers, key numbers, failures by reason, top
         numbers (DIDs), users and destinations by failures, destinations where every attempt
         failed, billable pages per DID with totals. "Sample data" is stated with --sandbox.
  json   one object on stdout:
           { "report": "failures", "from": "2026-11-20", "to": "2026-11-20", "sample": false,
             "totals": { "attempts": 120, "successes": 100, "failures": 20,
                         "successRate": 0.8333, "byReason": { "Busy": 12, "No answer": 8 } },
             "rows": [ { "day": "2026-11-20", "did": "12345678", "user": "a_user",
                         "destination": "15551234567", "attempts": 4, "successes": 0,
                         "failures": 4, "byReason": { "Busy": 3, "No answer": 1 } } ] }
         - overview, numbers and failures have that shape; overview rows have no destination.
           successRate is 0–1, or null when there were no attempts; byReason holds only the
           reasons that occurred (the totals' most frequent first).
         - billable: "totals": { "outbound": { "STANDARD": 120, "FINE": 30 }, "inbound": 40,
           "total": 190 }; rows { "day", "did", "outbound": {…}, "inbound", "total" }.
         - summary: { "report": "summary", "from", "to", "sample", "overview": {…},
           "failures": {…}, "billable": {…} }, each part the object its own report prints.
  csv    RFC 4180, one line per row, cells a spreadsheet would run as formulas neutralised.
         Columns: date, did, user, destination (not in overview), attempts, successes, failures,
         one per failure reason; billable: date, did, one per resolution, outbound_total,
         inbound, total.
         summary prints its three files one after another, each introduced by a line
         "# <file name>" and separated by a blank line.
  Progress goes to stderr, never stdout, for ranges of days or when stderr is a terminal.

ENVIRONMENT
  EFAX_API_KEY, EFAX_USERNAME, EFAX_PASSWORD   your eFax Developer credentials (not needed
                                               with --sandbox); never printed
  EFAX_API_URL   base URL of the eFax Reporting API (default ${defaultApiUrl})
  NO_COLOR       plain text even in a terminal
  TZ             this machine's time zone, used when --tz is not given

EXIT CODES
${exitCodes}

EXAMPLES
  npx efax report failures yesterday --sandbox
  npx efax failures yesterday --sandbox
  npx efax report summary last week --tz Europe/Berlin
  npx efax report numbers 2026-11-20 --format json
  npx efax report billable from nov 1 to nov 7 --format csv > pages.csv
  npx efax report failures last 30 days --sandbox --chart failures.png
`;
}
