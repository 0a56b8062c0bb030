import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent to be named: a country another country adds to a commitment or project is
 * INVITED until its own team accepts. Rows that exist already were put there by their
 * own country or by ADMIN, so they stay ACCEPTED (the default).
 *
 * A project's status belongs to one reporting participant (IATI's reporting-org). Existing
 * projects get their LEAD participant, or, without one, their first participant by country
 * code; a project without participants has none until ADMIN names one.
 */
export class PartyConsent1767225600006 implements MigrationInterface {
  name = 'PartyConsent1767225600006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE commitment_parties
        ADD COLUMN consent varchar NOT NULL DEFAULT 'ACCEPTED'
          CONSTRAINT commitment_parties_consent_check CHECK (consent IN ('INVITED', 'ACCEPTED')),
        -- Another country cannot make a country LEAD: an invited one is only PARTY until it accepts.
        ADD CONSTRAINT commitment_parties_invited_lead_check CHECK (consent = 'ACCEPTED' OR role <> 'LEAD');
      ALTER TABLE project_participants
        ADD COLUMN consent varchar NOT NULL DEFAULT 'ACCEPTED'
          CONSTRAINT project_participants_consent_check CHECK (consent IN ('INVITED', 'ACCEPTED')),
        ADD CONSTRAINT project_participants_invited_lead_check CHECK (consent = 'ACCEPTED' OR role <> 'LEAD'),
        ADD COLUMN reporting boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT project_participants_reporting_accepted_check CHECK (NOT reporting OR consent = 'ACCEPTED');
      CREATE UNIQUE INDEX project_participants_one_reporting ON project_participants (project_id) WHERE reporting;
      UPDATE project_participants pp SET reporting = true
        FROM (SELECT DISTINCT ON (l.project_id) l.project_id, l.country_id FROM project_participants l JOIN countries k ON k.id = l.country_id
              ORDER BY l.project_id, (l.role = 'LEAD') DESC, k.code) chosen
        WHERE pp.project_id = chosen.project_id AND pp.country_id = chosen.country_id;
      CREATE INDEX commitment_parties_invited ON commitment_parties (country_id) WHERE consent = 'INVITED';
      CREATE INDEX project_participants_invited ON project_participants (country_id) WHERE consent = 'INVITED';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Going back forgets consent: invited rows would count as accepted, so they are dropped.
    await q.query(`
      DELETE FROM obligations o USING commitment_parties p
        WHERE p.commitment_id = o.commitment_id AND p.country_id = o.country_id AND p.consent = 'INVITED';
      UPDATE obligations SET consent = 'ACCEPTED';
      DELETE FROM commitment_parties WHERE consent = 'INVITED';
      DELETE FROM project_participants WHERE consent = 'INVITED';
      DROP INDEX project_participants_one_reporting, commitment_parties_invited, project_participants_invited;
      ALTER TABLE commitment_parties DROP CONSTRAINT commitment_parties_invited_lead_check, DROP COLUMN consent;
      ALTER TABLE project_participants DROP CONSTRAINT project_participants_invited_lead_check,
        DROP CONSTRAINT project_participants_reporting_accepted_check, DROP COLUMN reporting, DROP COLUMN consent;
    `);
  }
}
