/**
 * Writing files that no reader ever sees half written: the content goes to a private temporary
 * file beside the target (mode 0600, flushed to disk), which then either replaces the target
 * (`rename`) or is linked in only where none exists yet (`link`); the directory is flushed too,
 * so the new name survives a crash. Used for the generated key and the JSON driver's file.
 */
import { randomUUID } from "node:crypto";
import { link, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/** The `code` of a Node.js system error (`ENOENT`, `EEXIST`, …), or undefined. */
export function systemCode(error: unknown): string | undefined {
  const code = error instanceof Error ? Reflect.get(error, "code") : undefined;
  return typeof code === "string" ? code : undefined;
}

/** Replaces `file` with `content` all at once: readers see the old content or the new. */
export async function replaceFile(file: string, content: string): Promise<void> {
  const temporary = await writeTemporary(file, content);
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(file));
}

/**
 * Creates `file` holding `content` unless it exists, all at once; never overwrites. Resolves
 * `"created"`, or `"exists"` when another writer (another process, too) got there first.
 */
export async function createFileOnce(file: string, content: string): Promise<"created" | "exists"> {
  const temporary = await writeTemporary(file, content);
  try {
    await link(temporary, file);
  } catch (error) {
    if (systemCode(error) === "EEXIST") return "exists";
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  await syncDirectory(dirname(file));
  return "created";
}

/** Writes `content` to a new private file beside `file` and flushes it; returns its path. */
async function writeTemporary(file: string, content: string): Promise<string> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return temporary;
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot flush a directory; the rename or link has happened regardless.
    if (!["EINVAL", "EISDIR", "EPERM", "ENOTSUP"].includes(systemCode(error) ?? "")) throw error;
  } finally {
    await handle.close();
  }
}
