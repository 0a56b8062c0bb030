import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { HttpSettings } from '../config';
import { ErrorCode } from '../shared/errors';

/**
 * Per-token and per-IP request budgets, so one client cannot starve the others.
 * A request with a token spends from the token's budget (whoever sends it);
 * one without spends from its IP's. Budgets are per process.
 */
export function rateLimit(settings: HttpSettings['rateLimit']): RequestHandler {
  const perToken = new RateLimiterMemory({ points: settings.perToken, duration: settings.windowSeconds });
  const perIp = new RateLimiterMemory({ points: settings.perIp, duration: settings.windowSeconds });
  return async (request, response, next) => {
    const header = request.headers.authorization;
    // The key is a digest: tokens are never kept in memory longer than the request.
    const [limiter, key] = header ? [perToken, createHash('sha256').update(header).digest('hex')] : [perIp, request.ip ?? 'unknown'];
    try {
      await limiter.consume(key);
      next();
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      response.setHeader('retry-after', String(retryAfterSeconds));
      response.status(429).json({
        errors: [{ message: `Too many requests: try again in ${retryAfterSeconds} s`, extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds } }],
      });
    }
  };
}
