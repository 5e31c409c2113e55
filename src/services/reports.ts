/**
 * Runs reports for a workspace: picks the account (the workspace's own, else the operator's default
 * `EFAX_*` account, else none), builds the eFax client or the sample source, and hands the range to
 * the report engine with an overall deadline.
 */
import { createEfaxClient } from "../efax/client.ts";
import { createSampleSource } from "../efax/sandbox.ts";
import type { EfaxCredentials, ReportSource } from "../efax/types.ts";
import { maskDestinations } from "../reports/mask.ts";
import type { AnyReport } from "../reports/model.ts";
import { runReport } from "../reports/run.ts";
import type { CredentialVault } from "../secrets/vault.ts";
import type { Store } from "../store/types.ts";
import type { ReportRef } from "../views/report-ref.ts";
import { NotConnectedError } from "./errors.ts";
import type { AppLogger } from "./logging.ts";
import { cachingFetch, type SharedBody } from "./report-cache.ts";
import type { Turns } from "./turns.ts";

/** Where the eFax API is and how to reach it. */
export interface EfaxAccess {
  apiUrl: string;
  fetch?: typeof fetch;
  /** Per-request timeout. Default: the client's (10 s). */
  timeoutMs?: number;
}

/** Which account a workspace's reports come from. */
export type Account =
  | { kind: "workspace"; credentials: EfaxCredentials }
  | { kind: "default"; credentials: EfaxCredentials }
  | { kind: "none" };

export interface ReportServiceDeps {
  vault: CredentialVault;
  /** Where report bodies are kept for a while, per workspace (see `report-cache.ts`). */
  store: Store;
  now: () => Date;
  efax: EfaxAccess;
  /** The operator's `EFAX_*` account, used by workspaces that connected none. */
  defaultCredentials: EfaxCredentials | null;
  logger: AppLogger;
  /** Upper bound for one whole report, all days included. Default 45 s (Vercel allows 60 s). */
  deadlineMs?: number;
  /** Taken before each eFax body is decoded (see `turns.ts`). Default: none. */
  turns?: Turns;
  /**
   * Whether the workspace masks destination numbers (its privacy setting), asked before each
   * report. Default: never masked.
   */
  masking?: (teamId: string) => Promise<boolean>;
}

/** What a caller may ask of one report run. */
export interface RunOptions {
  /** Fetch the previous period too, for the change figures. Default true. */
  previous?: boolean;
  /**
   * Mask destination numbers (`reports/mask.ts`). Default: the workspace's setting. Only code
   * that needs the real numbers to tell them apart, and shows none of them (the alert check, which
   * masks what it posts itself), passes false.
   */
  mask?: boolean;
  /** Compute the rankings; false for callers that read only totals, series and rows. Default true. */
  rankings?: boolean;
  /**
   * Keep the bodies in the report cache and serve them from it. False for days fetched once for
   * their figures only, which the cache would keep for nothing. Default true.
   */
  keep?: boolean;
  /** Stops the report early (the caller's own deadline), besides the service's own. */
  signal?: AbortSignal;
}

export interface ReportService {
  account(teamId: string): Promise<Account>;
  /**
   * Runs the report a ref names, on the workspace's account or on the sample data; with
   * `previous: false` the previous period (for the change figures) is not fetched. When the
   * workspace masks destination numbers, they are masked here, before any view, chart or CSV
   * sees the report: every Slack surface built from it is masked without knowing about it.
   */
  run(teamId: string, ref: ReportRef, options?: RunOptions): Promise<AnyReport>;
}

const DEFAULT_DEADLINE_MS = 45_000;

/**
 * Creates the report service. A workspace's eFax key and password are hidden from every log line
 * while a report runs on them (not for ever, so the logger's list does not grow with every
 * workspace and every reconnect).
 */
export function createReportService(deps: ReportServiceDeps): ReportService {
  const sampleSource = createSampleSource();
  const inFlight = new Map<string, Promise<SharedBody>>();
  const deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;

  const account = async (teamId: string): Promise<Account> => {
    const stored = await deps.vault.load(teamId);
    if (stored) return { kind: "workspace", credentials: stored.credentials };
    if (deps.defaultCredentials) return { kind: "default", credentials: deps.defaultCredentials };
    return { kind: "none" };
  };

  /** The eFax client for the workspace's account; throws {@link NotConnectedError} without one. */
  const liveSource = async (
    teamId: string,
    keep: boolean,
  ): Promise<{ source: ReportSource; credentials: EfaxCredentials }> => {
    const found = await account(teamId);
    if (found.kind === "none") throw new NotConnectedError();
    const direct = deps.efax.fetch ?? globalThis.fetch;
    const fetch = keep
      ? cachingFetch({
          store: deps.store,
          teamId,
          account: found.credentials.username,
          fetch: direct,
          now: deps.now,
          logger: deps.logger,
          inFlight,
          ...(deps.turns ? { turns: deps.turns } : {}),
        })
      : direct;
    return {
      source: clientFor({ ...deps.efax, fetch }, found.credentials),
      credentials: found.credentials,
    };
  };

  const masked = async (teamId: string, options: RunOptions): Promise<boolean> =>
    options.mask ?? (deps.masking ? await deps.masking(teamId) : false);

  return {
    account,
    async run(teamId, ref, options = {}) {
      const mask = masked(teamId, options);
      // A failed read of the setting fails the report: never show numbers that should be masked.
      mask.catch(() => {});
      const deadline = AbortSignal.timeout(deadlineMs);
      const report = (source: ReportSource) =>
        runReport(
          source,
          ref.name,
          { from: ref.from, to: ref.to },
          {
            signal: options.signal ? AbortSignal.any([deadline, options.signal]) : deadline,
            sample: ref.sample,
            previous: options.previous ?? true,
            rankings: options.rankings ?? true,
          },
        );
      const finish = async (built: AnyReport) => ((await mask) ? maskDestinations(built) : built);
      if (ref.sample) return finish(await report(sampleSource));
      const { source, credentials } = await liveSource(teamId, options.keep ?? true);
      return finish(
        await deps.logger.hideWhile([credentials.apiKey, credentials.password], () =>
          report(source),
        ),
      );
    },
  };
}

/** An eFax client for one account, with the configured base URL and `fetch`. */
export function clientFor(
  efax: EfaxAccess,
  credentials: EfaxCredentials,
  overrides: { timeoutMs?: number; deadlineMs?: number; maxAttempts?: number } = {},
): ReportSource {
  return createEfaxClient({
    credentials,
    baseUrl: efax.apiUrl,
    ...(efax.fetch ? { fetch: efax.fetch } : {}),
    ...(efax.timeoutMs !== undefined ? { timeoutMs: efax.timeoutMs } : {}),
    ...overrides,
  });
}
