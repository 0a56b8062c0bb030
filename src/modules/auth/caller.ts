/** Who is calling. Without a token the caller is the public, which may only read. */
export enum Role {
  PUBLIC = 'PUBLIC',
  PARTNER = 'PARTNER',
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
}

export interface Caller {
  sub: string;
  role: Role;
  /** ISO code of the partner's country (partners always have one); an auditor's, when its token names one (it may not assess that country). */
  country: string | null;
}

export const PUBLIC_CALLER: Caller = Object.freeze({ sub: 'anonymous', role: Role.PUBLIC, country: null });

/** The actor recorded for data loaded from the published sources. */
export const SEED_ACTOR: Caller = Object.freeze({ sub: 'seed:published-sources', role: Role.ADMIN, country: null });
