import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { HttpSettings } from '../config';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import { ErrorCode } from '../shared/errors';

/**
 * Per-token and per-IP request budgets, so one client cannot starve the others.
 * A request with a valid token spends from its subject's budget (wherever it
 * comes from); any other request from its IP's, so invented tokens buy nothing.
 * Budgets are per process.
 */
export function rateLimit(settings: HttpSettings['rateLimit'], tokens: TokenVerifier): RequestHandler {
  const perToken = new RateLimiterMemory({ points: settings.perToken, duration: settings.windowSeconds });
  const perIp = new RateLimiterMemory({ points: settings.perIp, duration: settings.windowSeconds });
  return async (request, response, next) => {
    const caller = await tokens.callerFrom(request.headers.authorization).catch(() => undefined);
    const [limiter, key] = caller ? [perToken, `${caller.role}:${caller.sub}`] : [perIp, request.ip ?? 'unknown'];
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
