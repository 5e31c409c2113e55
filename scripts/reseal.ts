/**
 * `npm run reseal` (`node scripts/reseal.ts [--check]`): after putting a new key first in
 * `ENCRYPTION_KEY` (`new:<key>,default:<old key>`), seals every workspace's eFax account and every
 * OAuth installation again with the new key, with the same environment as the app (the store it
 * names, `DATA_DIR` or Upstash). `--check` only counts. It says which key ids values named, how
 * many were sealed again, and whether the old keys may now be removed; exit code 1 when some
 * value opens with none of the keys given.
 */
import { parseArgs } from "node:util";
import { formatConfigError, isConfigError, loadConfig } from "../src/config.ts";
import { isSecretsError } from "../src/secrets/errors.ts";
import { createAppLogger, describeError, logLevelOf } from "../src/services/logging.ts";
import { resealAll } from "../src/services/reseal.ts";
import { openStorage } from "../src/storage.ts";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const logger = createAppLogger({ level: logLevelOf("warn") });
  const storage = await openStorage(config, logger);
  try {
    const report = await resealAll(storage, { dryRun: values.check });
    const found = Object.entries(report.found)
      .map(([keyId, count]) => `${count} with key "${keyId}"`)
      .join(", ");
    console.log(`Sealed values found: ${found || "none"}.`);
    if (values.check) {
      const stale = Object.entries(report.found)
        .filter(([keyId]) => keyId !== report.keyId)
        .reduce((sum, [, count]) => sum + count, 0);
      console.log(`${stale} would be sealed again with key "${report.keyId}" (nothing written).`);
    } else {
      console.log(
        `Sealed again with key "${report.keyId}": ${report.resealed}; already with it: ${report.current}${report.changedMeanwhile > 0 ? `; changed while this ran (left as they are, run again): ${report.changedMeanwhile}` : ""}.`,
      );
    }
    for (const { key, keyId } of report.unreadable) {
      console.log(
        `Cannot open ${key} (it names key "${keyId ?? "?"}"): put that key back in ENCRYPTION_KEY, or that workspace connects its account again.`,
      );
    }
    const done = !values.check && report.unreadable.length === 0 && report.changedMeanwhile === 0;
    if (done) {
      console.log(
        `Every sealed value uses key "${report.keyId}": the other keys can be removed from ENCRYPTION_KEY.`,
      );
    }
    return report.unreadable.length > 0 ? 1 : 0;
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isConfigError(error)) console.error(formatConfigError(error));
    else if (isSecretsError(error)) console.error(`Cannot re-seal: ${error.message}`);
    else console.error(`Re-sealing failed: ${describeError(error)}`);
    process.exitCode = 2;
  },
);
