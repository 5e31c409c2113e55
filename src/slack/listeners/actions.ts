/**
 * Buttons and menus: Share to channel, CSV, previous / next, other report, show a report, the App
 * Home run buttons and sample-data switch, Connect and Disconnect. Every click is acknowledged at
 * once; every report value is decoded with `decodeReportRef` and refused politely when invalid.
 */
import type { App, BlockAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { isDay } from "../../dates/calendar.ts";
import { CADENCES, isTimeOfDay } from "../../dates/schedule.ts";
import { openConnectModal, openDisconnectConfirm } from "../../services/connection.ts";
import type { Services } from "../../services/context.ts";
import { conversationDelivery, responseUrlDelivery } from "../../services/delivery.ts";
import { InvalidButtonError } from "../../services/errors.ts";
import {
  type DigestPicks,
  publishHome,
  saveDigestFromHome,
  turnOffDigestFromHome,
} from "../../services/home.ts";
import { setMasking } from "../../services/privacy.ts";
import {
  accountForModal,
  type Delivery,
  type Requester,
  reportFailure,
  showReportSafely,
} from "../../services/requests.ts";
import { sendCsvToRequester, shareReport } from "../../services/share.ts";
import { ACTION_IDS, BLOCK_IDS, HOME_RUN_ACTION_PATTERN } from "../../views/ids.ts";
import { buildCsvSentNotice, buildSharedNotice, type ReportAudience } from "../../views/index.ts";
import { decodeReportRef, type ReportRef } from "../../views/report-ref.ts";
import {
  type ActionArgs,
  type ActionHandler,
  answerDelivery,
  channelOf,
  containerOf,
  onBlockAction,
} from "./block-actions.ts";

const REPORT_NAVIGATION = [ACTION_IDS.previous, ACTION_IDS.next, ACTION_IDS.runReport] as const;

/** Registers every button and menu of the report messages, the App Home and the notices. */
export function register(app: App, services: Services): void {
  const on = (actionId: string | RegExp, handler: ActionHandler) =>
    onBlockAction(app, services, actionId, handler);

  on(ACTION_IDS.share, async ({ body, action, respond }, requester) => {
    const delivery = responseUrlDelivery(respond, { showsProgress: false });
    const ref = refOf(action);
    const channelId = requester.channelId;
    if (!ref || !channelId) {
      await refuseButton(services, requester, delivery);
      return;
    }
    try {
      const outcome = await shareReport(services, requester.client, {
        teamId: requester.teamId,
        userId: requester.userId,
        channelId,
        messageKey: messageKeyOf(body, action),
        ref,
      });
      if (outcome.kind === "shared") {
        const replace = publicMessageOf(body) === null;
        await delivery.show(buildSharedNotice({ channelId }), { replace });
      }
    } catch (error) {
      await reportFailure(services, requester, delivery, error, { report: ref.name, ref }, "share");
    }
  });

  on(ACTION_IDS.csv, async ({ action, respond }, requester) => {
    const delivery = responseUrlDelivery(respond, { showsProgress: false });
    const ref = refOf(action);
    if (!ref) {
      await refuseButton(services, requester, delivery);
      return;
    }
    try {
      await sendCsvToRequester(services, requester.client, { ...requester, ref });
      await delivery.show(buildCsvSentNotice(), { replace: false });
    } catch (error) {
      await reportFailure(services, requester, delivery, error, { report: ref.name, ref }, "csv");
    }
  });

  for (const actionId of [...REPORT_NAVIGATION, ACTION_IDS.switchReport]) {
    on(actionId, async ({ body, action, respond, client }, requester) => {
      const delivery = inPlaceOf(body, respond, client);
      const ref = refOf(action);
      if (!ref) {
        await refuseButton(services, requester, delivery);
        return;
      }
      await showReportSafely(services, requester, ref, delivery, `button ${actionId}`);
    });
  }

  on(HOME_RUN_ACTION_PATTERN, async ({ body, action }, requester) => {
    const delivery = conversationDelivery(requester.client, { channel: requester.userId });
    const ref = refOf(action);
    if (!ref) {
      await refuseButton(services, requester, delivery);
      return;
    }
    const picked = pickedDay(body);
    const day = picked ? { from: picked, to: picked } : {};
    await showReportSafely(services, requester, { ...ref, ...day }, delivery, "home report");
  });

  on(ACTION_IDS.homeDate, async () => {});

  for (const picker of [
    ACTION_IDS.digestChannel,
    ACTION_IDS.digestTime,
    ACTION_IDS.digestCadence,
  ]) {
    on(picker, async () => {});
  }

  on(ACTION_IDS.digestSave, async ({ body }, requester) => {
    await saveDigestFromHome(services, requester, digestPicks(body));
  });

  on(ACTION_IDS.digestOff, async (_args, requester) => {
    await turnOffDigestFromHome(services, requester);
  });

  on(ACTION_IDS.trySample, async (_args, requester) => {
    await publishHome(services, requester, { sample: true });
  });

  on(ACTION_IDS.exitSample, async (_args, requester) => {
    await publishHome(services, requester);
  });

  for (const [actionId, masked] of [
    [ACTION_IDS.maskOn, true],
    [ACTION_IDS.maskOff, false],
  ] as const) {
    on(actionId, async ({ body, respond }, requester) => {
      try {
        await setMasking(services, requester, masked);
        await publishHome(services, requester);
      } catch (error) {
        const delivery = answerDelivery(body, respond, requester);
        await reportFailure(services, requester, delivery, error, {}, "masking button");
      }
    });
  }

  on(ACTION_IDS.connect, async ({ body, respond }, requester) => {
    const delivery = answerDelivery(body, respond, requester);
    try {
      const account = await accountForModal(services, requester, "connect");
      await openConnectModal(requester.client, body.trigger_id, account);
    } catch (error) {
      await reportFailure(services, requester, delivery, error, {}, "connect button");
    }
  });

  on(ACTION_IDS.disconnect, async ({ body, respond }, requester) => {
    const delivery = answerDelivery(body, respond, requester);
    try {
      const account = await accountForModal(services, requester, "disconnect");
      await openDisconnectConfirm(requester.client, body.trigger_id, account);
    } catch (error) {
      await reportFailure(services, requester, delivery, error, {}, "disconnect button");
    }
  });
}

/** The report ref a button or menu option carries, or null when it is not a valid one. */
function refOf(action: ActionArgs["action"]): ReportRef | null {
  if (action.type === "button") return decodeReportRef(action.value);
  if (action.type === "overflow" || action.type === "static_select") {
    return decodeReportRef(action.selected_option?.value);
  }
  return null;
}

/**
 * The app's message the button was on when everyone in the conversation sees it (a reply to a
 * mention, a direct message): Slack sends a copy of those, never of ephemeral messages.
 */
function publicMessageOf(
  body: BlockAction,
): { channel: string; ts: string; audience: ReportAudience } | null {
  const channel = channelOf(body);
  const ts = body.message?.ts;
  if (!channel || !ts) return null;
  return { channel, ts, audience: channel.startsWith("D") ? "direct-message" : "channel-thread" };
}

/**
 * Answers that replace the message the button was on: an ephemeral one through its
 * response_url, a public one by updating it, for the same readers.
 */
function inPlaceOf(body: BlockAction, respond: RespondFn, client: WebClient): Delivery {
  const shown = publicMessageOf(body);
  if (!shown) return responseUrlDelivery(respond, { replacesOriginal: true });
  return conversationDelivery(client, {
    channel: shown.channel,
    updates: shown.ts,
    audience: shown.audience,
  });
}

/** The message the button was on: its ts (ephemeral messages have one in the container). */
function messageKeyOf(body: BlockAction, action: ActionArgs["action"]): string {
  return containerOf(body).messageTs ?? body.message?.ts ?? action.action_ts;
}

const pickerState = z.object({
  values: z.record(
    z.string(),
    z.record(z.string(), z.object({ selected_date: z.string().nullish() }).passthrough()),
  ),
});

/** The day chosen in the App Home date picker, when one is. */
function pickedDay(body: BlockAction): string | null {
  const state = pickerState.safeParse(body.view?.state ?? body.state);
  if (!state.success) return null;
  const picked = state.data.values[BLOCK_IDS.homeDate]?.[ACTION_IDS.homeDate]?.selected_date;
  return picked && isDay(picked) ? picked : null;
}

const digestState = z.object({
  values: z.record(
    z.string(),
    z.record(
      z.string(),
      z
        .object({
          selected_conversation: z.string().nullish(),
          selected_time: z.string().nullish(),
          selected_option: z.object({ value: z.string() }).nullish(),
        })
        .passthrough(),
    ),
  ),
});

/** What the Home's Digest pickers hold (Slack sends every picker's state with a click). */
function digestPicks(body: BlockAction): DigestPicks {
  const state = digestState.safeParse(body.view?.state ?? body.state);
  const block = state.success ? state.data.values[BLOCK_IDS.homeDigest] : undefined;
  const channel = block?.[ACTION_IDS.digestChannel]?.selected_conversation;
  const time = block?.[ACTION_IDS.digestTime]?.selected_time;
  const cadence = block?.[ACTION_IDS.digestCadence]?.selected_option?.value;
  return {
    channelId: channel && /^[CG][A-Z0-9]{2,30}$/.test(channel) ? channel : null,
    time: time && isTimeOfDay(time) ? time : null,
    cadence: CADENCES.find((c) => c === cadence) ?? null,
  };
}

async function refuseButton(services: Services, requester: Requester, delivery: Delivery) {
  await reportFailure(services, requester, delivery, new InvalidButtonError(), {}, "button");
}
