import type { TestProject } from "vitest/node";
import { type PrivateRedis, RedisServerMissingError, startPrivateRedis } from "./redis-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /**
     * The Redis the suites use (`inject("redisUrl")`): this run's private `redis-server`, or
     * `REDIS_URL` when it names one. Test servers keep to a random key prefix on either.
     */
    redisUrl: string;
  }
}

/**
 * Vitest global setup: starts a private `redis-server` for the whole run and stops it at the end,
 * unless `REDIS_URL` names a Redis to use instead (which is then never flushed: every test server
 * writes and removes only keys under its own prefix).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const explicit = process.env.REDIS_URL?.trim();
  if (explicit) {
    project.provide("redisUrl", explicit);
    return;
  }
  let redis: PrivateRedis;
  try {
    redis = await startPrivateRedis();
  } catch (error) {
    if (error instanceof RedisServerMissingError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  project.provide("redisUrl", redis.url);
  return () => redis.stop();
}
