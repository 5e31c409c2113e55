import { describe, expect, it } from "vitest";
import { fitList, listSections } from "../src/views/budget.ts";
import { blockTextLength, checkMessage, checkView } from "../src/views/limits.ts";
import { bar, clipMrkdwn, dataText, escapeText, mentionUser } from "../src/views/mrkdwn.ts";

const md = (text: string) => ({ type: "mrkdwn", text });
const pt = (text: string) => ({ type: "plain_text", text });
const ok = { text: "fallback", blocks: [{ type: "section", text: md("hello") }] };

function messages(list: ReturnType<typeof checkMessage>): string[] {
  return list.map((v) => `${v.path}: ${v.message}`);
}

describe("checkMessage", () => {
  it("passes a small valid message", () => {
    expect(checkMessage(ok)).toEqual([]);
  });

  it("checks image blocks: alt text, one source, a Slack file id", () => {
    const image = (fields: Record<string, unknown>) => ({
      text: "t",
      blocks: [{ type: "image", ...fields }],
    });
    expect(
      checkMessage(
        image({ slack_file: { id: "F0CHART0001" }, alt_text: "Faxes per day", title: pt("Faxes") }),
      ),
    ).toEqual([]);
    expect(messages(checkMessage(image({ slack_file: { id: "F0CHART0001" } })))).toEqual([
      "blocks[0].alt_text: an image needs alt text",
    ]);
    expect(
      messages(
        checkMessage(image({ slack_file: { id: "F0CHART0001" }, alt_text: "x".repeat(2001) })),
      ),
    ).toEqual(["blocks[0].alt_text: alt_text is 2001 characters (limit 2000)"]);
    expect(
      messages(
        checkMessage(
          image({
            slack_file: { id: "F0CHART0001" },
            image_url: "https://x.test/a.png",
            alt_text: "a",
          }),
        ),
      ),
    ).toEqual(["blocks[0]: an image needs exactly one of image_url and slack_file"]);
    expect(
      messages(checkMessage(image({ slack_file: { id: "chart.png" }, alt_text: "a" }))),
    ).toEqual(["blocks[0].slack_file.id: chart.png is not a Slack file id"]);
  });

  it.each([
    ["no fallback text", { blocks: [] }, "fallback text is missing"],
    [
      "51 blocks",
      { text: "t", blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) },
      "51 blocks (limit 50)",
    ],
    [
      "section text over 3000",
      { text: "t", blocks: [{ type: "section", text: md("x".repeat(3001)) }] },
      "text is 3001 characters (limit 3000)",
    ],
    [
      "empty section text",
      { text: "t", blocks: [{ type: "section", text: md("") }] },
      "text is empty",
    ],
    [
      "11 fields",
      {
        text: "t",
        blocks: [{ type: "section", fields: Array.from({ length: 11 }, () => md("f")) }],
      },
      "11 fields",
    ],
    [
      "a field over 2000",
      { text: "t", blocks: [{ type: "section", fields: [md("x".repeat(2001))] }] },
      "(limit 2000)",
    ],
    [
      "header over 150",
      { text: "t", blocks: [{ type: "header", text: pt("x".repeat(151)) }] },
      "(limit 150)",
    ],
    [
      "mrkdwn header",
      { text: "t", blocks: [{ type: "header", text: md("x") }] },
      "text type must be plain_text",
    ],
    [
      "11 context elements",
      {
        text: "t",
        blocks: [{ type: "context", elements: Array.from({ length: 11 }, () => md("c")) }],
      },
      "context has 11 elements",
    ],
    [
      "26 actions",
      {
        text: "t",
        blocks: [
          {
            type: "actions",
            elements: Array.from({ length: 26 }, (_, i) => ({
              type: "button",
              text: pt("b"),
              action_id: `a${i}`,
            })),
          },
        ],
      },
      "actions has 26 elements",
    ],
    [
      "button text over 75",
      {
        text: "t",
        blocks: [
          {
            type: "actions",
            elements: [{ type: "button", text: pt("x".repeat(76)), action_id: "a" }],
          },
        ],
      },
      "(limit 75)",
    ],
    [
      "button value over 2000",
      {
        text: "t",
        blocks: [
          {
            type: "actions",
            elements: [{ type: "button", text: pt("b"), action_id: "a", value: "v".repeat(2001) }],
          },
        ],
      },
      "button value is 2001 characters",
    ],
    [
      "repeated action ids",
      {
        text: "t",
        blocks: [
          {
            type: "actions",
            elements: [
              { type: "button", text: pt("a"), action_id: "x" },
              { type: "button", text: pt("b"), action_id: "x" },
            ],
          },
        ],
      },
      "action_id x is repeated",
    ],
    [
      "repeated block ids",
      {
        text: "t",
        blocks: [
          { type: "divider", block_id: "b" },
          { type: "divider", block_id: "b" },
        ],
      },
      "block_id b is repeated",
    ],
    [
      "unknown block",
      { text: "t", blocks: [{ type: "carousel" }] },
      "block type carousel is not checked",
    ],
    [
      "over 12,000 characters in all",
      {
        text: "t",
        blocks: Array.from({ length: 5 }, () => ({ type: "section", text: md("x".repeat(2500)) })),
      },
      "all block text is 12500 characters (limit 12000)",
    ],
  ])("flags %s", (_label, message, expected) => {
    expect(messages(checkMessage(message)).join("\n")).toContain(expected);
  });
});

describe("checkView", () => {
  const modal = { type: "modal", title: pt("Connect eFax"), submit: pt("Go"), blocks: [] };

  it("passes a small modal", () => {
    expect(checkView(modal)).toEqual([]);
  });

  it.each([
    ["a title over 24", { ...modal, title: pt("x".repeat(25)) }, "(limit 24)"],
    [
      "private_metadata over 3000",
      { ...modal, private_metadata: "m".repeat(3001) },
      "(limit 3000)",
    ],
    [
      "101 blocks",
      { type: "home", blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) },
      "101 blocks (limit 100)",
    ],
    [
      "250 kB of JSON",
      {
        type: "home",
        blocks: Array.from({ length: 90 }, () => ({
          type: "section",
          text: md("é".repeat(1500)),
          block_id: undefined,
        })),
      },
      "bytes as JSON (limit 250000)",
    ],
    [
      "inputs without submit",
      {
        type: "modal",
        title: pt("T"),
        blocks: [
          { type: "input", label: pt("L"), element: { type: "plain_text_input", action_id: "a" } },
        ],
      },
      "needs a submit button",
    ],
    [
      "a bad picker day",
      {
        type: "home",
        blocks: [
          {
            type: "actions",
            elements: [{ type: "datepicker", action_id: "d", initial_date: "2026-02-30" }],
          },
        ],
      },
      "initial_date",
    ],
  ])("flags %s", (_label, view, expected) => {
    expect(
      checkView(view)
        .map((v) => v.message)
        .join("\n"),
    ).toContain(expected);
  });
});

describe("blockTextLength", () => {
  it("adds up every text object, buttons and fields included", () => {
    const blocks = [
      { type: "section", text: md("abc"), fields: [md("de")] },
      {
        type: "actions",
        elements: [{ type: "button", text: pt("fgh"), action_id: "x", value: "not text" }],
      },
    ];
    expect(blockTextLength(blocks)).toBe(8);
  });
});

describe("fitList", () => {
  const items = Array.from({ length: 100_000 }, (_, i) => i);

  it("shows what fits and says how many more are in the CSV", () => {
    const list = fitList({
      items,
      total: items.length,
      render: (i) => `row ${i}`,
      maxItems: 5,
      maxChars: 1000,
    });
    expect(list.lines).toEqual([
      "row 0",
      "row 1",
      "row 2",
      "row 3",
      "row 4",
      "_and 99,995 more — full list in the CSV_",
    ]);
    expect(list.shown).toBe(5);
    expect(list.omitted).toBe(99_995);
  });

  it("stops at the character budget, the closing line included", () => {
    const list = fitList({
      items,
      total: items.length,
      render: () => "x".repeat(100),
      maxItems: 50,
      maxChars: 400,
    });
    expect(list.lines.join("\n").length).toBeLessThanOrEqual(400);
    expect(list.lines.at(-1)).toMatch(/^_and [\d,]+ more/);
  });

  it("counts rows cut before it (total beyond the items given)", () => {
    const list = fitList({
      items: [1, 2],
      total: 40,
      render: String,
      maxItems: 10,
      maxChars: 1000,
    });
    expect(list.lines).toEqual(["1", "2", "_and 38 more — full list in the CSV_"]);
  });

  it("adds nothing when everything fits", () => {
    expect(
      fitList({ items: [1, 2], total: 2, render: String, maxItems: 10, maxChars: 100 }).lines,
    ).toEqual(["1", "2"]);
  });

  it("splits long lists into sections under the section limit", () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i} ${"y".repeat(40)}`);
    const sections = listSections("*Title*", lines);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.text?.text.length).toBeLessThanOrEqual(2900);
    expect(sections[0]?.text?.text.startsWith("*Title*\n0 ")).toBe(true);
  });
});

describe("mrkdwn helpers", () => {
  it("escapes the characters Slack reserves", () => {
    expect(escapeText("<!channel> & <@U1>")).toBe("&lt;!channel&gt; &amp; &lt;@U1&gt;");
  });

  it("flattens, cuts and escapes data", () => {
    expect(dataText("a\nb\u202etxt")).toBe("a b txt");
    expect(dataText("   ")).toBe("(none)");
    expect(dataText("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
    expect(dataText("<@U1>", 3)).toBe("&lt;@…");
  });

  it("never leaves half an escape or half a link when clipping", () => {
    expect(clipMrkdwn("abc &amp; def", 7)).toBe("abc …");
    expect(clipMrkdwn("see <@U123ABC> now", 9)).toBe("see …");
  });

  it("mentions only real Slack ids", () => {
    expect(mentionUser("U0123ABC")).toBe("<@U0123ABC>");
    expect(mentionUser("<!channel>")).toBe("&lt;!channel&gt;");
  });

  it("draws bars of whole blocks on a track of the same width, so the text after them lines up", () => {
    expect(bar(10, 10)).toBe("██████████");
    expect(bar(23, 40)).toBe("██████░░░░");
    expect(bar(1, 1000)).toBe("█░░░░░░░░░");
    expect(bar(0, 10)).toBe("░░░░░░░░░░");
    expect(bar(5, 0)).toBe("░░░░░░░░░░");
    expect(bar(50, 10)).toBe("██████████");
    expect(bar(3, 4, 4)).toBe("███░");
    for (const value of [0, 1, 7, 33, 99, 100]) {
      expect(bar(value, 100)).toMatch(/^█*░*$/);
      expect(Array.from(bar(value, 100))).toHaveLength(10);
    }
  });
});
