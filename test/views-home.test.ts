import type { SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { buildHomeView, type HomeState } from "../src/views/home.ts";
import { ACTION_IDS, BLOCK_IDS, HOME_RUN_ACTION_PATTERN } from "../src/views/ids.ts";
import { checkView } from "../src/views/limits.ts";
import { decodeReportRef } from "../src/views/report-ref.ts";
import {
  DAY,
  emptyReports,
  generatedReports,
  hugeReports,
  TODAY,
  tinyReports,
} from "./support/report-fixtures.ts";
import { buttons, visibleText } from "./support/view-text.ts";

const account = {
  usernameMasked: "ac…ic",
  connectedBy: "U0ADMIN",
  connectedAt: new Date(Date.UTC(2026, 10, 2, 14, 5)),
};
const week = generatedReports({ from: "2026-11-20", to: DAY }, { rowsPerDay: 200 }).overview;
const sampleWeek = generatedReports(
  { from: "2026-11-20", to: DAY },
  { rowsPerDay: 200, sample: true },
).overview;
const tiny = tinyReports();
const sample = tinyReports({ sample: true });

const states = {
  "connected, admin": {
    mode: "connected",
    today: TODAY,
    canManage: true,
    account,
    yesterday: tiny.summary,
    week,
  },
  "connected, member, eFax down": {
    mode: "connected",
    today: TODAY,
    canManage: false,
    account,
    yesterday: null,
    week: null,
    problem:
      "eFax didn't answer in time, so yesterday's figures are missing. Try again in a few minutes.",
  },
  "connected through server settings, quiet day": {
    mode: "connected",
    today: "2026-11-23",
    canManage: true,
    account: null,
    yesterday: emptyReports().summary,
    week,
    selectedDay: "2026-11-20",
  },
  "connected, figures on their way": {
    mode: "connected",
    today: TODAY,
    canManage: false,
    account,
    yesterday: null,
    week: null,
  },
  "not connected, admin": { mode: "not-connected", today: TODAY, canManage: true, admins: [] },
  "not connected, member": {
    mode: "not-connected",
    today: TODAY,
    canManage: false,
    admins: ["U0ADMIN", "U0OWNER", "U0THIRD", "U0FOURTH"],
  },
  sample: {
    mode: "sample",
    today: TODAY,
    canManage: true,
    connected: false,
    yesterday: sample.summary,
    numbers: sample.numbers,
    week: sampleWeek,
  },
} satisfies Record<string, HomeState>;

describe("App Home", () => {
  it.each(Object.entries(states))(
    "%s looks the same every time and fits",
    (_label, state: HomeState) => {
      const view = buildHomeView(state);
      expect(checkView(view)).toEqual([]);
      expect(visibleText(view)).toMatchSnapshot();
    },
  );

  it("stays inside the limits with a 100k-row day", () => {
    const huge = hugeReports();
    const view = buildHomeView({
      mode: "connected",
      today: TODAY,
      canManage: true,
      account,
      yesterday: huge.summary,
      week: huge.overview,
    });
    expect(checkView(view)).toEqual([]);
  });

  it("shows who connected which account, yesterday and the last 7 days", () => {
    const text = visibleText(buildHomeView(states["connected, admin"]));
    expect(text).toContain("Connected to the eFax account *ac…ic* by <@U0ADMIN>");
    expect(text).toContain("*Yesterday · Thu 26 Nov 2026*");
    expect(text).toContain("*Last 7 days · 20–26 Nov 2026*");
    expect(
      text.match(/^[█░]{10} (Fri|Sat|Sun|Mon|Tue|Wed|Thu) \d+ Nov — \d+ failed · /gm),
    ).toHaveLength(7);
  });

  it("is titled by what it shows, not by the app's name Slack already shows", () => {
    for (const state of [
      states["connected, admin"],
      states.sample,
      states["not connected, member"],
    ]) {
      expect(visibleText(buildHomeView(state))).not.toMatch(/^# eFax Reports/);
    }
    expect(visibleText(buildHomeView(states["connected, admin"]))).toMatch(/^# Fax activity\n/);
  });

  it("shows yesterday as an even grid of two-line figures, with changes marked good or bad", () => {
    const view = buildHomeView(states["connected, admin"]);
    const isSection = (b: { type: string }): b is SectionBlock => b.type === "section";
    const grids = view.blocks.filter(isSection).flatMap((b) => (b.fields ? [b.fields] : []));
    expect(grids).toHaveLength(1);
    const fields = grids[0] ?? [];
    expect(fields.map((f) => f.text.split("\n")[0])).toEqual([
      "*Fax attempts*",
      "*Success rate*",
      "*Went through*",
      "*Failed*",
      "*Numbers not reached*",
      "*Billable pages*",
    ]);
    for (const field of fields) expect(field.text.split("\n")).toHaveLength(2);
    const text = visibleText(view);
    expect(text).toContain("*Failed*\n9 · ▲ 7 more ⚠️");
    expect(text).toContain("*Success rate*\n81.3% · ▼ 12.1 points ⚠️");
    expect(text).toContain("> ▲▼ vs Wed 25 Nov · ✅ better · ⚠️ worse");
    expect(text).not.toContain("Pages in all");
  });

  it("offers admins to change the connected account, since connecting again replaces it", () => {
    const labels = buttons(buildHomeView(states["connected, admin"])).map((b) => b.text);
    expect(labels).toContain("Change eFax account");
    expect(labels.join(" ")).not.toMatch(/another account/i);
  });

  it("has a run button per report and a date picker, for yesterday by default", () => {
    const view = buildHomeView(states["connected, admin"]);
    const run = buttons(view).filter((b) => HOME_RUN_ACTION_PATTERN.test(b.actionId));
    expect(run.map((b) => b.text)).toEqual([
      "Account overview",
      "Number overview",
      "Failures",
      "Billable pages",
      "Summary",
    ]);
    for (const b of run)
      expect(decodeReportRef(b.value)).toMatchObject({ from: DAY, to: DAY, sample: false });
    const json = JSON.stringify(view);
    expect(json).toContain(`"action_id":"${ACTION_IDS.homeDate}"`);
    expect(json).toContain(`"block_id":"${BLOCK_IDS.homeDate}"`);
    expect(json).toContain(`"initial_date":"${DAY}"`);
  });

  it("runs the day picked before", () => {
    const view = buildHomeView(states["connected through server settings, quiet day"]);
    const run = buttons(view).filter((b) => HOME_RUN_ACTION_PATTERN.test(b.actionId));
    for (const b of run) expect(decodeReportRef(b.value)).toMatchObject({ from: "2026-11-20" });
  });

  it("offers Connect to admins and names admins to everyone else", () => {
    const admin = buildHomeView(states["not connected, admin"]);
    expect(buttons(admin).map((b) => b.actionId)).toEqual([
      ACTION_IDS.connect,
      ACTION_IDS.trySample,
    ]);
    const member = buildHomeView(states["not connected, member"]);
    expect(buttons(member).map((b) => b.actionId)).toEqual([ACTION_IDS.trySample]);
    expect(visibleText(member)).toContain("for example <@U0ADMIN>, <@U0OWNER>, <@U0THIRD>)");
    expect(visibleText(member)).not.toContain("U0FOURTH");
  });

  it("hides account buttons from members", () => {
    const ids = buttons(buildHomeView(states["connected, member, eFax down"])).map(
      (b) => b.actionId,
    );
    expect(ids).not.toContain(ACTION_IDS.connect);
    expect(ids).not.toContain(ACTION_IDS.disconnect);
  });

  it("labels sample data and runs sample reports from it", () => {
    const view = buildHomeView(states.sample);
    const text = visibleText(view);
    expect(text).toMatch(/^# Fax activity — sample data\n> 🧪 \*Sample data\*/);
    for (const title of [
      "*Account overview*",
      "*Number overview*",
      "*Failures*",
      "*Billable pages*",
    ]) {
      expect(text).toContain(title);
    }
    const run = buttons(view).filter((b) => HOME_RUN_ACTION_PATTERN.test(b.actionId));
    for (const b of run) expect(decodeReportRef(b.value)?.sample).toBe(true);
    expect(buttons(view).map((b) => b.actionId)).toContain(ACTION_IDS.exitSample);
  });
});
