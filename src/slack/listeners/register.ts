/**
 * Every listener group, registered by `createApp` before anything starts. Only the app loads this
 * module (and through it every service and view); what must be known before, when a request is
 * answered, is in `index.ts`.
 */
import type { App } from "@slack/bolt";
import type { Services } from "../../services/context.ts";
import * as actions from "./actions.ts";
import * as alerts from "./alerts.ts";
import * as commands from "./commands.ts";
import * as events from "./events.ts";
import * as views from "./views.ts";

export interface ListenerGroup {
  register(app: App, services: Services): void;
}

/** Registered in this order by `createApp`, all before the app starts. */
export const LISTENER_GROUPS: readonly ListenerGroup[] = [commands, actions, alerts, views, events];
