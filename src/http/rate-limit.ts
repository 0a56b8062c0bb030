import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { HttpSettings } from '../config';
import type { Caller } from '../modules/auth/caller';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import { ErrorCode } from '../shared/errors';

/**
 * Per-token and per-IP budgets, so one client cannot starve the others. Work on
 * behalf of a valid token spends from its subject's budget (wherever it comes
 * from); anything else from its IP's, so invented tokens buy nothing. HTTP
 * requests and WebSocket messages spend from the same budgets. Per process.
 */
export class RequestBudgets {
  private readonly perToken: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

  constructor(settings: HttpSettings['rateLimit']) {
    this.perToken = new RateLimiterMemory({ points: settings.perToken, duration: settings.windowSeconds });
    this.perIp = new RateLimiterMemory({ points: settings.perIp, duration: settings.windowSeconds });
  }

  /** Spends one unit; undefined when it was available, else the seconds until it will be. */
  async spend(caller: Caller | undefined, ip: string | undefined): Promise<number | undefined> {
    const [limiter, key] = caller ? [this.perToken, `${caller.role}:${caller.sub}`] : [this.perIp, ip ?? 'unknown'];
    try {
      await limiter.consume(key);
      return undefined;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
  }
}

/** The error a refused request or message carries. */
export function rateLimitedError(retryAfterSeconds: number) {
  return { message: `Too many requests: try again in ${retryAfterSeconds} s`, extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds } };
}

/** Express middleware: 429 with retry-after once the caller's budget is spent. */
export function rateLimit(budgets: RequestBudgets, tokens: TokenVerifier): RequestHandler {
  return async (request, response, next) => {
    const caller = await tokens.callerFrom(request.headers.authorization).catch(() => undefined);
    let retryAfterSeconds: number | undefined;
    try {
      retryAfterSeconds = await budgets.spend(caller, request.ip);
    } catch (error) {
      return next(error);
    }
    if (retryAfterSeconds === undefined) return next();
    response.setHeader('retry-after', String(retryAfterSeconds));
    response.status(429).json({ errors: [rateLimitedError(retryAfterSeconds)] });
  };
}
