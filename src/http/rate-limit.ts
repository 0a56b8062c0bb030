import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { HttpSettings } from '../config';
import type { Caller } from '../modules/auth/caller';
import type { TokenVerifier } from '../modules/auth/token-verifier';
import { ErrorCode, HTTP_STATUS } from '../shared/errors';

/**
 * Per-token and per-IP budgets, so one client cannot starve the others. Work on
 * behalf of a valid token spends from its subject's budget (wherever it comes
 * from); anything else from its IP's, so invented tokens buy nothing. Each
 * operation (one per request, or one per entry of a batch), WebSocket connection
 * and subscription spends one unit of the same budget. Per process.
 */
export class RequestBudgets {
  private readonly perToken: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

  constructor(settings: HttpSettings['rateLimit']) {
    this.perToken = new RateLimiterMemory({ points: settings.perToken, duration: settings.windowSeconds });
    this.perIp = new RateLimiterMemory({ points: settings.perIp, duration: settings.windowSeconds });
  }

  /** Spends `units`; undefined when they were available, else the seconds until they will be. A refused spend still counts. */
  async spend(caller: Caller | undefined, ip: string | undefined, units = 1): Promise<number | undefined> {
    const [limiter, key] = caller ? [this.perToken, `${caller.role}:${caller.sub}`] : [this.perIp, ip ?? 'unknown'];
    try {
      await limiter.consume(key, units);
      return undefined;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
  }
}

/** The error a refused request or message carries. */
export function rateLimitedError(retryAfterSeconds: number) {
  return {
    message: `Too many requests: try again in ${retryAfterSeconds} s`,
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds },
  };
}

/**
 * Express middleware: spends `units(request)` (default one) and answers 429 with
 * retry-after once the caller's budget cannot cover them.
 */
export function rateLimit(budgets: RequestBudgets, tokens: TokenVerifier, units: (request: Request) => number = () => 1): RequestHandler {
  return async (request, response, next) => {
    const spent = units(request);
    if (spent <= 0) return next();
    const caller = await tokens.callerFrom(request.headers.authorization).catch(() => undefined);
    let retryAfterSeconds: number | undefined;
    try {
      retryAfterSeconds = await budgets.spend(caller, request.ip, spent);
    } catch (error) {
      return next(error);
    }
    if (retryAfterSeconds === undefined) return next();
    response.setHeader('retry-after', String(retryAfterSeconds));
    response.status(HTTP_STATUS[ErrorCode.RATE_LIMITED]).json({ errors: [rateLimitedError(retryAfterSeconds)] });
  };
}
