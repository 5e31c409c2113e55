/**
 * Synthetic number-overview bodies as the eFax API serves them: a JSON string whose content is
 * the JSON report (double encoding), written with Python's `json.dumps` separators (", " and
 * ": ") like the upstream samples. Realistic keys: 10-digit DIDs, usernames such as
 * `referrals.17` shared between DIDs, 11-digit destination numbers listed in no particular order.
 * Deterministic: the same row count always gives the same bytes.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { KNOWN_FAILURE_REASONS } from "../src/efax/types.ts";

const USERS_PER_DID = 20;
const DESTINATIONS_PER_USER = 250;
const USER_PREFIXES = [
  "frontdesk",
  "billing",
  "lab",
  "pharmacy",
  "intake",
  "records",
  "referrals",
  "radiology",
];
const FLUSH_AT = 1 << 20;

/** A small deterministic generator (xorshift32), so bodies are the same on every run. */
function numbers(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** Calls `emit` with consecutive pieces of the double-encoded body of `rows` destination rows. */
export function generateNumberOverview(rows: number, emit: (piece: string) => void): void {
  const next = numbers(20261126);
  const q = '\\"';
  let buffer = '"{';
  let written = 0;
  for (let did = 0; written < rows; did++) {
    const didKey = String(5_550_000_000 + did * 7_919);
    buffer += `${did === 0 ? "" : ", "}${q}${didKey}${q}: {`;
    for (let user = 0; user < USERS_PER_DID && written < rows; user++) {
      const poolIndex = (did * 7 + user * 13) % (USER_PREFIXES.length * 40);
      const prefix = USER_PREFIXES[poolIndex % USER_PREFIXES.length] ?? "user";
      const userKey = `${prefix}.${String(Math.floor(poolIndex / USER_PREFIXES.length)).padStart(2, "0")}`;
      buffer += `${user === 0 ? "" : ", "}${q}${userKey}${q}: {`;
      const start = next() % 8_000_000_000;
      for (let d = 0; d < DESTINATIONS_PER_USER && written < rows; d++) {
        const offset = ((d * 37) % DESTINATIONS_PER_USER) * 7_919;
        const destination = `1${String(1_000_000_000 + ((start + offset) % 8_999_999_999))}`;
        const failures = 1 + (next() % 3);
        const success = next() % 6;
        const perReason = [0, 0, 0, 0, 0, 0];
        for (let f = 0; f < failures; f++) {
          const roll = next() % 100;
          const reason =
            roll < 35 ? 0 : roll < 50 ? 1 : roll < 70 ? 2 : roll < 88 ? 3 : roll < 95 ? 4 : 5;
          perReason[reason] = (perReason[reason] ?? 0) + 1;
        }
        let counts = "";
        KNOWN_FAILURE_REASONS.forEach((reason, i) => {
          counts += `${q}${reason}${q}: ${perReason[i]}, `;
        });
        counts += `${q}Success${q}: ${success}, ${q}Total${q}: ${success + failures}, ${q}Failures${q}: ${failures}`;
        buffer += `${d === 0 ? "" : ", "}${q}${destination}${q}: {${counts}}`;
        written++;
        if (buffer.length >= FLUSH_AT) {
          emit(buffer);
          buffer = "";
        }
      }
      buffer += "}";
    }
    buffer += "}";
  }
  emit(`${buffer}}"`);
}

/** The double-encoded body of `rows` destination rows, as one string. */
export function numberOverviewBody(rows: number): string {
  const pieces: string[] = [];
  generateNumberOverview(rows, (piece) => pieces.push(piece));
  return pieces.join("");
}

/** Writes the double-encoded body of `rows` destination rows to `path`; returns its size in bytes. */
export function writeNumberOverviewBody(path: string, rows: number): number {
  const fd = openSync(path, "w");
  let bytes = 0;
  try {
    generateNumberOverview(rows, (piece) => {
      bytes += writeSync(fd, piece, null, "utf8");
    });
  } finally {
    closeSync(fd);
  }
  return bytes;
}
